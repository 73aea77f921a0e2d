"""Queries on statements of reasons (EU DSA Art. 17), kept in the Transparency Database's form."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.storage.models import DsaStatement


async def add(session: AsyncSession, row: DsaStatement) -> DsaStatement:
    session.add(row)
    await session.flush()
    return row


async def get(session: AsyncSession, statement_id: int) -> DsaStatement | None:
    return await session.get(DsaStatement, statement_id)


async def for_decision(session: AsyncSession, decision_id: int) -> DsaStatement | None:
    result = await session.execute(
        select(DsaStatement).where(DsaStatement.decision_id == decision_id).limit(1)
    )
    return result.scalar_one_or_none()


async def of_site(
    session: AsyncSession, site_id: int, since: datetime | None
) -> list[DsaStatement]:
    """A site's statements in the order they were made (the index's order), from `since`."""
    query = select(DsaStatement).where(DsaStatement.site_id == site_id)
    if since is not None:
        query = query.where(DsaStatement.created_at >= since)
    result = await session.execute(query.order_by(DsaStatement.created_at, DsaStatement.id))
    return list(result.scalars())
