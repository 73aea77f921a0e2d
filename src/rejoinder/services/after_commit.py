"""Side effects that must wait until the transaction is durable (cache updates, publishes)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession

_KEY = "rejoinder.after_commit"


def after_commit(session: AsyncSession, effect: Callable[[], None]) -> None:
    """Run `effect` once this session's transaction has committed (dropped on rollback)."""
    session.info.setdefault(_KEY, []).append(effect)


def run_effects(session: AsyncSession) -> None:
    for effect in session.info.pop(_KEY, []):
        effect()


def discard_effects(session: AsyncSession) -> None:
    session.info.pop(_KEY, None)
