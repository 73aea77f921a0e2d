"""Queries on guest bans (per site, by the guest's network identity key, until a time)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.storage.models import GuestBan

_KEY = ("site_id", "author_key")
_FIELDS = ("expires_at", "reason", "comment_id", "created_by_id", "created_at")


async def active(
    session: AsyncSession, site_id: int, author_keys: Sequence[str], now: datetime
) -> GuestBan | None:
    """A ban in force on any of the keys (the longest, when several are)."""
    result = await session.execute(
        select(GuestBan)
        .where(
            GuestBan.site_id == site_id,
            GuestBan.author_key.in_(author_keys),
            GuestBan.expires_at > now,
        )
        .order_by(GuestBan.expires_at.desc())
        .limit(1)
    )
    return result.scalar_one_or_none()


async def put(session: AsyncSession, ban: GuestBan) -> GuestBan:
    """Insert the ban, or replace the one on the same site and key (two moderators banning at
    once included); return the stored row."""
    insert = sqlite_insert if session.get_bind().dialect.name == "sqlite" else postgresql_insert
    values = {name: getattr(ban, name) for name in (*_KEY, *_FIELDS)}
    statement = insert(GuestBan).values(**values)
    replaced = {name: statement.excluded[name] for name in _FIELDS}
    await session.execute(statement.on_conflict_do_update(index_elements=_KEY, set_=replaced))
    result = await session.execute(
        select(GuestBan)
        .where(GuestBan.site_id == ban.site_id, GuestBan.author_key == ban.author_key)
        .execution_options(populate_existing=True)
    )
    return result.scalar_one()


async def remove(session: AsyncSession, site_id: int, author_key: str) -> None:
    await session.execute(
        delete(GuestBan).where(GuestBan.site_id == site_id, GuestBan.author_key == author_key)
    )
