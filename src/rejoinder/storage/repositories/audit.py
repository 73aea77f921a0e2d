"""The audit log's queries: append, and read back. There is no update and no delete."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.paging import Keyset
from rejoinder.storage.models import AuditEntry


@dataclass(frozen=True)
class Where:
    """Which entries of a site: each field given narrows the list (all must hold)."""

    action: str | None = None
    action_prefix: str | None = None  # "reader." matches reader.ban, reader.note, ...
    actor_account_id: int | None = None
    target_type: str | None = None
    target_id: str | None = None
    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive


async def add(session: AsyncSession, entry: AuditEntry) -> AuditEntry:
    session.add(entry)
    await session.flush()
    return entry


def _filtered(site_id: int, where: Where) -> Select[AuditEntry]:
    query = select(AuditEntry).where(AuditEntry.site_id == site_id)
    if where.action is not None:
        query = query.where(AuditEntry.action == where.action)
    if where.action_prefix is not None:
        query = query.where(AuditEntry.action.startswith(where.action_prefix, autoescape=True))
    if where.actor_account_id is not None:
        query = query.where(AuditEntry.actor_account_id == where.actor_account_id)
    if where.target_type is not None:
        query = query.where(AuditEntry.target_type == where.target_type)
    if where.target_id is not None:
        query = query.where(AuditEntry.target_id == where.target_id)
    if where.since is not None:
        query = query.where(AuditEntry.created_at >= where.since)
    if where.until is not None:
        query = query.where(AuditEntry.created_at < where.until)
    return query


async def newest_first(
    session: AsyncSession, site_id: int, where: Where, limit: int, after: Keyset | None
) -> list[AuditEntry]:
    """Up to `limit` entries, newest first by (created_at, id), after the keyset if given (an
    index range scan of `ix_audit_entries_site_created`)."""
    query = _filtered(site_id, where)
    if after is not None:
        query = query.where(
            or_(
                AuditEntry.created_at < after.value,
                and_(AuditEntry.created_at == after.value, AuditEntry.id < after.id),
            )
        )
    result = await session.execute(
        query.order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc()).limit(limit)
    )
    return list(result.scalars())


async def oldest_first(
    session: AsyncSession, site_id: int, since: datetime | None
) -> list[AuditEntry]:
    """Every entry of the site since a time, oldest first: an export."""
    result = await session.execute(
        _filtered(site_id, Where(since=since)).order_by(AuditEntry.created_at, AuditEntry.id)
    )
    return list(result.scalars())
