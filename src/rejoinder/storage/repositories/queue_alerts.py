"""Queries on queue alerts: claim the right to alert (once, across workers), note a queue that
fell under its threshold, and who is told."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.storage.models import Account, QueueAlert, SiteRole


def _insert(session: AsyncSession):  # type: ignore[no-untyped-def]
    return sqlite_insert if session.get_bind().dialect.name == "sqlite" else postgresql_insert


async def claim(
    session: AsyncSession, site_id: int, queue: str, now: datetime, quiet_since: datetime
) -> bool:
    """True when this caller may alert now: the queue never alerted, or its last alert was
    before `quiet_since`, or the queue fell under its threshold after it. Atomic: of two
    workers checking at once, one gets True (PostgreSQL re-reads the row the other updated)."""
    inserted = await session.execute(
        _insert(session)(QueueAlert)
        .values(site_id=site_id, queue=queue, alerted_at=now, cleared_at=None)
        .on_conflict_do_nothing()
        .returning(QueueAlert.site_id)
    )
    if inserted.scalar_one_or_none() is not None:
        return True
    updated = await session.execute(
        update(QueueAlert)
        .where(
            QueueAlert.site_id == site_id,
            QueueAlert.queue == queue,
            or_(QueueAlert.cleared_at.is_not(None), QueueAlert.alerted_at <= quiet_since),
        )
        .values(alerted_at=now, cleared_at=None)
        .returning(QueueAlert.site_id)
    )
    return updated.scalar_one_or_none() is not None


async def clear(session: AsyncSession, site_id: int, queue: str, now: datetime) -> None:
    """The queue is under its threshold: the next crossing may alert at once."""
    await session.execute(
        update(QueueAlert)
        .where(
            QueueAlert.site_id == site_id,
            QueueAlert.queue == queue,
            QueueAlert.cleared_at.is_(None),
        )
        .values(cleared_at=now)
    )


async def staff_with_mail(session: AsyncSession, site_id: int) -> list[Account]:
    """The site's moderators and the install's admins with a confirmed address, by id."""
    moderators = select(SiteRole.account_id).where(
        SiteRole.site_id == site_id, SiteRole.role == "moderator"
    )
    result = await session.execute(
        select(Account)
        .where(
            or_(Account.role == "admin", Account.id.in_(moderators)),
            Account.email.is_not(None),
            Account.email_verified_at.is_not(None),
        )
        .order_by(Account.id)
    )
    return list(result.scalars())
