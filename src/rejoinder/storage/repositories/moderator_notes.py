"""Queries on moderators' notes about readers."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.storage.models import Account, ModeratorNote


async def add(session: AsyncSession, note: ModeratorNote) -> ModeratorNote:
    session.add(note)
    await session.flush()
    return note


async def about(
    session: AsyncSession, account_id: int, site_id: int | None, limit: int
) -> list[tuple[ModeratorNote, str | None]]:
    """The latest `limit` notes on the account's standing there, oldest first, each with its
    author's current name (None when unknown)."""
    condition = (
        ModeratorNote.site_id.is_(None) if site_id is None else ModeratorNote.site_id == site_id
    )
    result = await session.execute(
        select(ModeratorNote, Account.display_name)
        .outerjoin(Account, Account.id == ModeratorNote.author_id)
        .where(ModeratorNote.account_id == account_id, condition)
        .order_by(ModeratorNote.created_at.desc(), ModeratorNote.id.desc())
        .limit(limit)
    )
    return [(row[0], row[1]) for row in reversed(result.all())]
