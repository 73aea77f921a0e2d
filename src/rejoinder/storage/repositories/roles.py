"""Queries on per-site roles (moderators)."""

from __future__ import annotations

from sqlalchemy import delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.storage.models import Account, Site, SiteRole


async def role_of(session: AsyncSession, site_id: int, account_id: int) -> str | None:
    result = await session.execute(
        select(SiteRole.role).where(SiteRole.site_id == site_id, SiteRole.account_id == account_id)
    )
    return result.scalar_one_or_none()


async def add(session: AsyncSession, site_id: int, account_id: int, role: str) -> None:
    session.add(SiteRole(site_id=site_id, account_id=account_id, role=role))
    await session.flush()


async def remove(session: AsyncSession, site_id: int, account_id: int) -> bool:
    result = await session.execute(
        delete(SiteRole).where(SiteRole.site_id == site_id, SiteRole.account_id == account_id)
    )
    return bool(getattr(result, "rowcount", 0))


async def members(session: AsyncSession, site_id: int) -> list[tuple[SiteRole, Account]]:
    result = await session.execute(
        select(SiteRole, Account)
        .join(Account, Account.id == SiteRole.account_id)
        .where(SiteRole.site_id == site_id)
        .order_by(Account.display_name)
    )
    return [(row[0], row[1]) for row in result]


async def site_slugs_of(session: AsyncSession, account_id: int) -> list[str]:
    """The sites an account moderates, by slug."""
    result = await session.execute(
        select(Site.slug)
        .join(SiteRole, SiteRole.site_id == Site.id)
        .where(SiteRole.account_id == account_id)
        .order_by(Site.slug)
    )
    return list(result.scalars())


async def staff_names(session: AsyncSession) -> list[tuple[int, str]]:
    """(id, display name) of every admin and every moderator of any site: the names nobody else
    may look like."""
    moderators = select(SiteRole.account_id)
    result = await session.execute(
        select(Account.id, Account.display_name).where(
            or_(Account.role == "admin", Account.id.in_(moderators))
        )
    )
    return [(account_id, name) for account_id, name in result.all()]
