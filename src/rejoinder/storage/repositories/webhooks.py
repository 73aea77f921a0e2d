"""Queries on webhook endpoints and their delivery logs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.storage.models import Account, WebhookDelivery, WebhookEndpoint


async def add(session: AsyncSession, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    session.add(endpoint)
    await session.flush()
    return endpoint


async def get(session: AsyncSession, endpoint_id: int) -> WebhookEndpoint | None:
    return await session.get(WebhookEndpoint, endpoint_id)


async def of_site(session: AsyncSession, site_id: int) -> list[WebhookEndpoint]:
    result = await session.execute(
        select(WebhookEndpoint)
        .where(WebhookEndpoint.site_id == site_id)
        .order_by(WebhookEndpoint.id)
    )
    return list(result.scalars())


async def enabled_of_site(session: AsyncSession, site_id: int) -> list[WebhookEndpoint]:
    result = await session.execute(
        select(WebhookEndpoint)
        .where((WebhookEndpoint.site_id == site_id) & WebhookEndpoint.disabled_at.is_(None))
        .order_by(WebhookEndpoint.id)
    )
    return list(result.scalars())


async def subscriptions(session: AsyncSession) -> list[tuple[int, list[str]]]:
    """(site id, event types) of every enabled endpoint: what the write path's cache holds."""
    result = await session.execute(
        select(WebhookEndpoint.site_id, WebhookEndpoint.events).where(
            WebhookEndpoint.disabled_at.is_(None)
        )
    )
    return [(site_id, list(events or [])) for site_id, events in result.all()]


async def remove(session: AsyncSession, endpoint_id: int) -> None:
    """The endpoint and its log (the foreign key cascades; said here for SQLite too)."""
    await session.execute(delete(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint_id))
    await session.execute(delete(WebhookEndpoint).where(WebhookEndpoint.id == endpoint_id))


async def lock(session: AsyncSession, endpoint_id: int) -> WebhookEndpoint | None:
    """The endpoint, held until commit on PostgreSQL (two attempts' records take turns)."""
    result = await session.execute(
        select(WebhookEndpoint).where(WebhookEndpoint.id == endpoint_id).with_for_update()
    )
    return result.scalar_one_or_none()


async def log(session: AsyncSession, row: WebhookDelivery, keep: int) -> None:
    """Add an attempt to the endpoint's log and drop what is older than its newest `keep`."""
    session.add(row)
    await session.flush()
    oldest_kept = (
        select(WebhookDelivery.id)
        .where(WebhookDelivery.endpoint_id == row.endpoint_id)
        .order_by(WebhookDelivery.id.desc())
        .offset(keep - 1)
        .limit(1)
        .scalar_subquery()
    )
    await session.execute(
        delete(WebhookDelivery).where(
            (WebhookDelivery.endpoint_id == row.endpoint_id) & (WebhookDelivery.id < oldest_kept)
        )
    )


async def recent(session: AsyncSession, endpoint_id: int, limit: int) -> list[WebhookDelivery]:
    result = await session.execute(
        select(WebhookDelivery)
        .where(WebhookDelivery.endpoint_id == endpoint_id)
        .order_by(WebhookDelivery.id.desc())
        .limit(limit)
    )
    return list(result.scalars())


async def disable(session: AsyncSession, endpoint_id: int, now: datetime, reason: str) -> None:
    await session.execute(
        update(WebhookEndpoint)
        .where(WebhookEndpoint.id == endpoint_id)
        .values(disabled_at=now, disabled_reason=reason)
    )


async def admins_with_mail(session: AsyncSession) -> list[Account]:
    """Admin accounts with a confirmed address: who hears that an endpoint was disabled."""
    result = await session.execute(
        select(Account)
        .where(
            (Account.role == "admin")
            & Account.email.is_not(None)
            & Account.email_verified_at.is_not(None)
        )
        .order_by(Account.id)
    )
    return list(result.scalars())
