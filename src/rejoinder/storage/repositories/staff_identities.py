"""Queries on the links between a newsroom provider's subjects (`iss` + `sub`) and accounts."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.storage.models import StaffIdentity


async def get(session: AsyncSession, issuer: str, subject: str) -> StaffIdentity | None:
    result = await session.execute(
        select(StaffIdentity).where(
            StaffIdentity.issuer == issuer, StaffIdentity.subject == subject
        )
    )
    return result.scalar_one_or_none()


async def add(session: AsyncSession, identity: StaffIdentity) -> StaffIdentity:
    session.add(identity)
    await session.flush()
    return identity
