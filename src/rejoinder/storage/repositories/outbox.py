"""Queries of the outbox of domain events."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.storage.models import OutboxEvent


def add(session: AsyncSession, row: OutboxEvent) -> None:
    session.add(row)  # written with the transaction's other changes


async def mark_handed(session: AsyncSession, ids: Collection[int], now: datetime) -> None:
    await session.execute(
        update(OutboxEvent)
        .where(OutboxEvent.id.in_(ids), OutboxEvent.handed_at.is_(None))
        .values(handed_at=now)
    )


async def unhanded(
    session: AsyncSession, created_before: datetime, limit: int
) -> Sequence[OutboxEvent]:
    query = (
        select(OutboxEvent)
        .where(OutboxEvent.handed_at.is_(None), OutboxEvent.created_at < created_before)
        .order_by(OutboxEvent.id)
        .limit(limit)
    )
    return (await session.execute(query)).scalars().all()


async def purge_handed(session: AsyncSession, before: datetime) -> int:
    result = await session.execute(delete(OutboxEvent).where(OutboxEvent.handed_at < before))
    return int(getattr(result, "rowcount", 0))
