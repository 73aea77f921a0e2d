"""Queries on reader reports (and the notices of illegal content among them)."""

from __future__ import annotations

from datetime import datetime

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


async def get(session: AsyncSession, report_id: int) -> Report | None:
    return await session.get(Report, report_id)


async def address_confirmed_on_site(session: AsyncSession, site_id: int, email: str) -> bool:
    """Whether a notice on this site came from `email` and its owner confirmed it."""
    result = await session.execute(
        select(Report.id)
        .where(
            Report.site_id == site_id,
            Report.reporter_email == email,
            Report.reporter_email_confirmed_at.is_not(None),
        )
        .limit(1)
    )
    return result.first() is not None


async def unconfirmed_of_address(session: AsyncSession, site_id: int, email: str) -> list[Report]:
    result = await session.execute(
        select(Report)
        .where(
            Report.site_id == site_id,
            Report.reporter_email == email,
            Report.reporter_email_confirmed_at.is_(None),
        )
        .order_by(Report.id)
    )
    return list(result.scalars())


async def confirmed_notices_before(
    session: AsyncSession, comment_id: int, reason: str, before: datetime
) -> list[Report]:
    """The notices on a comment filed by then whose sender confirmed their address."""
    result = await session.execute(
        select(Report)
        .where(
            Report.comment_id == comment_id,
            Report.reason == reason,
            Report.reporter_email_confirmed_at.is_not(None),
            Report.created_at <= before,
        )
        .order_by(Report.id)
    )
    return list(result.scalars())


async def reasons_before(session: AsyncSession, comment_id: int, before: datetime) -> set[str]:
    """The reasons readers gave when reporting a comment up to then."""
    result = await session.execute(
        select(Report.reason)
        .where(Report.comment_id == comment_id, Report.created_at <= before)
        .distinct()
    )
    return set(result.scalars())
