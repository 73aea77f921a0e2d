"""Queries on what moderators keep about an author on a site: a guest's notes and
always-pre-moderate (by the network identity key of their comments), and how many comments an
author (a guest's key or an account) has on the site in each status."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import BindParameter, bindparam, delete, exists, func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.storage.models import Account, Comment, GuestBan, GuestNote, GuestPremoderation


@dataclass(frozen=True)
class GuestStanding:
    banned_until: datetime | None  # the longest ban in force on any of the keys
    premoderated: bool


# Built once: every guest's post asks it (one statement for the ban and the pre-moderation).
_KEYS: BindParameter[list[str]] = bindparam("keys", expanding=True)
_STANDING = select(
    select(func.max(GuestBan.expires_at))
    .where(
        GuestBan.site_id == bindparam("site_id"),
        GuestBan.author_key.in_(_KEYS),
        GuestBan.expires_at > bindparam("now"),
    )
    .scalar_subquery(),
    exists().where(
        GuestPremoderation.site_id == bindparam("site_id"),
        GuestPremoderation.author_key.in_(_KEYS),
    ),
)


async def standing(
    session: AsyncSession, site_id: int, author_keys: Sequence[str], now: datetime
) -> GuestStanding:
    """A guest's standing on the site by any of their keys, in one query."""
    params = {"site_id": site_id, "keys": list(author_keys), "now": now}
    banned_until, premoderated = (await session.execute(_STANDING, params)).one()
    return GuestStanding(banned_until, bool(premoderated))


async def add_note(session: AsyncSession, note: GuestNote) -> GuestNote:
    session.add(note)
    await session.flush()
    return note


async def notes(
    session: AsyncSession, site_id: int, author_key: str, limit: int
) -> list[tuple[GuestNote, str | None]]:
    """The latest `limit` notes on the guest, oldest first, each with its author's current name
    (None when unknown)."""
    result = await session.execute(
        select(GuestNote, Account.display_name)
        .outerjoin(Account, Account.id == GuestNote.author_id)
        .where(GuestNote.site_id == site_id, GuestNote.author_key == author_key)
        .order_by(GuestNote.created_at.desc(), GuestNote.id.desc())
        .limit(limit)
    )
    return [(row[0], row[1]) for row in reversed(result.all())]


async def premoderation(
    session: AsyncSession, site_id: int, author_keys: Sequence[str]
) -> GuestPremoderation | None:
    """The always-pre-moderate on any of the keys (the first made, when several are)."""
    result = await session.execute(
        select(GuestPremoderation)
        .where(
            GuestPremoderation.site_id == site_id,
            GuestPremoderation.author_key.in_(author_keys),
        )
        .order_by(GuestPremoderation.created_at, GuestPremoderation.id)
        .limit(1)
    )
    return result.scalar_one_or_none()


async def put_premoderation(session: AsyncSession, row: GuestPremoderation) -> bool:
    """Insert it unless the key is pre-moderated already (two moderators at once included);
    True when this call inserted it."""
    insert = sqlite_insert if session.get_bind().dialect.name == "sqlite" else postgresql_insert
    statement = (
        insert(GuestPremoderation)
        .values(
            site_id=row.site_id,
            author_key=row.author_key,
            reason=row.reason,
            created_by_id=row.created_by_id,
            created_at=row.created_at,
        )
        .on_conflict_do_nothing(index_elements=["site_id", "author_key"])
    )
    result = await session.execute(statement)
    return bool(getattr(result, "rowcount", 0))


async def remove_premoderation(session: AsyncSession, site_id: int, author_key: str) -> bool:
    """True when there was one to remove."""
    result = await session.execute(
        delete(GuestPremoderation).where(
            GuestPremoderation.site_id == site_id, GuestPremoderation.author_key == author_key
        )
    )
    return bool(getattr(result, "rowcount", 0))


async def counts_by_status(
    session: AsyncSession,
    site_id: int,
    *,
    author_key: str | None = None,
    account_id: int | None = None,
) -> dict[str, int]:
    """How many of the author's comments on the site are in each status (absent: none)."""
    author = (
        Comment.author_account_id == account_id
        if account_id is not None
        else Comment.author_key == author_key
    )
    result = await session.execute(
        select(Comment.status, func.count())
        .where(Comment.site_id == site_id, author)
        .group_by(Comment.status)
    )
    return {row[0]: row[1] for row in result.all()}


async def latest_by_account(
    session: AsyncSession, site_id: int, account_id: int, limit: int
) -> list[Comment]:
    """The account's newest comments on the site, in any status, newest first."""
    result = await session.execute(
        select(Comment)
        .where(Comment.site_id == site_id, Comment.author_account_id == account_id)
        .order_by(Comment.created_at.desc(), Comment.id.desc())
        .limit(limit)
    )
    return list(result.scalars())
