"""Queries on mutes (reader A hides reader B)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.storage.models import Account, Mute


async def get(session: AsyncSession, muter_id: int, muted_id: int) -> Mute | None:
    return await session.get(Mute, (muter_id, muted_id))


async def add(session: AsyncSession, muter_id: int, muted_id: int, at: datetime) -> Mute:
    """Insert the mute unless a concurrent request (a double click) just did; return it."""
    insert = sqlite_insert if session.get_bind().dialect.name == "sqlite" else postgresql_insert
    values = {"muter_id": muter_id, "muted_id": muted_id, "created_at": at}
    await session.execute(insert(Mute).values(**values).on_conflict_do_nothing())
    mute = await get(session, muter_id, muted_id)
    assert mute is not None
    return mute


async def remove(session: AsyncSession, muter_id: int, muted_id: int) -> bool:
    result = await session.execute(
        delete(Mute).where(Mute.muter_id == muter_id, Mute.muted_id == muted_id)
    )
    return bool(getattr(result, "rowcount", 0))


async def count_of(session: AsyncSession, muter_id: int) -> int:
    result = await session.execute(select(func.count()).where(Mute.muter_id == muter_id))
    return int(result.scalar_one())


async def muted_ids(session: AsyncSession, muter_id: int) -> frozenset[int]:
    """One primary-key range scan: the accounts this reader has muted."""
    result = await session.execute(select(Mute.muted_id).where(Mute.muter_id == muter_id))
    return frozenset(result.scalars())


async def muted_accounts(session: AsyncSession, muter_id: int) -> list[tuple[Mute, Account]]:
    """This reader's mutes with the muted accounts, most recent first."""
    result = await session.execute(
        select(Mute, Account)
        .join(Account, Account.id == Mute.muted_id)
        .where(Mute.muter_id == muter_id)
        .order_by(Mute.created_at.desc(), Mute.muted_id.desc())
    )
    return [(mute, account) for mute, account in result.all()]
