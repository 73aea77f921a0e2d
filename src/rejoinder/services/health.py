"""Readiness: the database answers."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.storage.repositories import health as health_repo


async def ping(session: AsyncSession) -> None:
    await health_repo.ping(session)
