"""Queries on moderators' decisions about readers (ban, suspension, pre-moderation)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.storage.models import UserState


async def applying_to(session: AsyncSession, account_id: int, site_id: int) -> list[UserState]:
    """The account's state on this site and its install-wide state (site_id None)."""
    result = await session.execute(
        select(UserState).where(
            UserState.account_id == account_id,
            or_(UserState.site_id == site_id, UserState.site_id.is_(None)),
        )
    )
    return list(result.scalars())


async def get(session: AsyncSession, account_id: int, site_id: int | None) -> UserState | None:
    condition = UserState.site_id.is_(None) if site_id is None else UserState.site_id == site_id
    result = await session.execute(
        select(UserState).where(UserState.account_id == account_id, condition)
    )
    return result.scalar_one_or_none()


async def add_if_missing(
    session: AsyncSession, account_id: int, site_id: int | None, now: datetime
) -> UserState:
    """Insert an undecided state unless a concurrent decision just did; either way return it.

    The conflict target is the unique index for the place: `(account_id, site_id)` on a site, the
    partial `(account_id) WHERE site_id IS NULL` install-wide (NULLs are distinct in the other).
    """
    insert = sqlite_insert if session.get_bind().dialect.name == "sqlite" else postgresql_insert
    statement = insert(UserState).values(
        account_id=account_id, site_id=site_id, banned=False, suspended_until=None,
        premoderated=False, note="", updated_at=now,
    )  # fmt: skip
    if site_id is None:
        statement = statement.on_conflict_do_nothing(
            index_elements=["account_id"], index_where=UserState.site_id.is_(None)
        )
    else:
        statement = statement.on_conflict_do_nothing(index_elements=["account_id", "site_id"])
    await session.execute(statement)
    state = await get(session, account_id, site_id)
    assert state is not None
    return state
