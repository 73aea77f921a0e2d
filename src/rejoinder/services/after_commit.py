"""Side effects that must wait until the transaction is durable (cache updates, publishes)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

_KEY = "rejoinder.after_commit"


def after_commit(session: AsyncSession, effect: Callable[[], None]) -> None:
    """Run `effect` once this session's transaction has committed (dropped on rollback)."""
    session.info.setdefault(_KEY, []).append(effect)


def run_effects(session: AsyncSession) -> None:
    for effect in session.info.pop(_KEY, []):
        effect()


def discard_effects(session: AsyncSession) -> None:
    session.info.pop(_KEY, None)


@asynccontextmanager
async def transaction(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """One unit of work: committed, then its effects run; on any error rolled back, dropped."""
    async with sessions() as session:
        try:
            yield session
        except BaseException:
            discard_effects(session)
            await session.rollback()
            raise
        await session.commit()
        run_effects(session)
