"""Queries on sites."""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.storage.models import Site


async def get(session: AsyncSession, site_id: int) -> Site | None:
    return await session.get(Site, site_id)


# Built once: every write and most reads start with it.
_BY_SLUG = select(Site).where(Site.slug == bindparam("slug"))


async def get_by_slug(session: AsyncSession, slug: str) -> Site | None:
    result = await session.execute(_BY_SLUG, {"slug": slug})
    return result.scalar_one_or_none()


async def list_all(session: AsyncSession) -> list[Site]:
    result = await session.execute(select(Site).order_by(Site.slug))
    return list(result.scalars())


async def add(
    session: AsyncSession,
    slug: str,
    name: str,
    allowed_origins: list[str],
    settings: dict[str, Any],
) -> Site:
    site = Site(slug=slug, name=name, allowed_origins=allowed_origins, settings=settings)
    session.add(site)
    await session.flush()
    return site
