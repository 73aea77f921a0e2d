"""Queries on reader reports."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.storage.models import Report


async def exists(session: AsyncSession, comment_id: int, reader_key: str) -> bool:
    result = await session.execute(
        select(Report.id).where(Report.comment_id == comment_id, Report.reader_key == reader_key)
    )
    return result.first() is not None


async def add(session: AsyncSession, report: Report) -> Report:
    session.add(report)
    await session.flush()
    return report
