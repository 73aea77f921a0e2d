"""Queries on moderators' decisions about readers (ban, suspension, pre-moderation)."""

from __future__ import annotations

from sqlalchemy import or_, select
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


async def add(session: AsyncSession, state: UserState) -> UserState:
    session.add(state)
    await session.flush()
    return state
