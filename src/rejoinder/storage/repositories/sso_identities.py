"""Queries on the links between a publisher's user ids and accounts."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.storage.models import SsoIdentity


async def get(session: AsyncSession, site_id: int, external_id: str) -> SsoIdentity | None:
    result = await session.execute(
        select(SsoIdentity).where(
            SsoIdentity.site_id == site_id, SsoIdentity.external_id == external_id
        )
    )
    return result.scalar_one_or_none()


async def add(session: AsyncSession, identity: SsoIdentity) -> SsoIdentity:
    session.add(identity)
    await session.flush()
    return identity


async def links(session: AsyncSession, site_id: int, account_id: int) -> bool:
    """Whether the account is one the site's single sign-on made."""
    result = await session.execute(
        select(SsoIdentity.id)
        .where(SsoIdentity.account_id == account_id, SsoIdentity.site_id == site_id)
        .limit(1)
    )
    return result.first() is not None
