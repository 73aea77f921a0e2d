"""Queries of the job queue. Claiming is one statement: on PostgreSQL the candidate row is taken
with FOR UPDATE SKIP LOCKED, so workers in many processes never claim the same job; SQLite
renders no lock clause and has one writer at a time anyway."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.enums import JobStatus
from rejoinder.storage.models import Job
from rejoinder.storage.models.job import MAX_JOB_ERROR_CHARS


async def add(session: AsyncSession, values: dict[str, Any]) -> bool:
    """Insert a job; with a `key` already taken nothing is inserted and False comes back."""
    if values.get("key") is None:
        await session.execute(insert(Job).values(**values))
        return True
    dialect = session.get_bind().dialect.name
    statement = (pg_insert if dialect == "postgresql" else sqlite_insert)(Job).values(**values)
    result = await session.execute(statement.on_conflict_do_nothing(index_elements=["key"]))
    return bool(getattr(result, "rowcount", 0))


async def claim(session: AsyncSession, worker: str, now: datetime, lease: timedelta) -> Job | None:
    """The next due job, marked running under `worker` until the lease ends."""
    candidate = (
        select(Job.id)
        .where(Job.status == JobStatus.QUEUED, Job.run_at <= now)
        .order_by(Job.run_at, Job.id)
        .limit(1)
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    statement = (
        update(Job)
        .where(Job.id == candidate, Job.status == JobStatus.QUEUED)
        .values(
            status=JobStatus.RUNNING,
            locked_by=worker,
            locked_until=now + lease,
            attempts=Job.attempts + 1,
        )
        .returning(Job)
        .execution_options(synchronize_session=False)
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def finish(session: AsyncSession, job_id: int, worker: str, now: datetime) -> bool:
    """Done: the payload is dropped (it may hold an address). False if the lease was lost."""
    result = await session.execute(
        update(Job)
        .where(Job.id == job_id, Job.locked_by == worker, Job.status == JobStatus.RUNNING)
        .values(status=JobStatus.DONE, payload={}, finished_at=now, locked_until=None)
    )
    return bool(getattr(result, "rowcount", 0))


async def extend(session: AsyncSession, job_id: int, worker: str, until: datetime) -> None:
    await session.execute(
        update(Job)
        .where(Job.id == job_id, Job.locked_by == worker, Job.status == JobStatus.RUNNING)
        .values(locked_until=until)
    )


async def fail(
    session: AsyncSession, job_id: int, worker: str, error: str, retry_at: datetime | None
) -> None:
    """Back to the queue at `retry_at`, or dead without one."""
    status = JobStatus.QUEUED if retry_at is not None else JobStatus.DEAD
    values: dict[str, Any] = {
        "status": status,
        "last_error": error[:MAX_JOB_ERROR_CHARS],
        "locked_by": None,
        "locked_until": None,
    }
    if retry_at is not None:
        values["run_at"] = retry_at
    await session.execute(
        update(Job).where(Job.id == job_id, Job.locked_by == worker).values(**values)
    )


async def release_expired(session: AsyncSession, now: datetime) -> int:
    """Jobs whose worker stopped mid-run (lease over) go back to the queue."""
    result = await session.execute(
        update(Job)
        .where(Job.status == JobStatus.RUNNING, Job.locked_until < now)
        .values(status=JobStatus.QUEUED, locked_by=None, locked_until=None, run_at=now)
    )
    return int(getattr(result, "rowcount", 0))


async def listed(session: AsyncSession, status: str | None, limit: int) -> Sequence[Job]:
    query = select(Job).order_by(Job.id.desc()).limit(limit)
    if status is not None:
        query = query.where(Job.status == status)
    return (await session.execute(query)).scalars().all()


async def requeue(session: AsyncSession, ids: Sequence[int] | None, now: datetime) -> int:
    """Dead jobs (all, or those of `ids`) get a fresh set of attempts, due now."""
    query = update(Job).where(Job.status == JobStatus.DEAD)
    if ids is not None:
        query = query.where(Job.id.in_(ids))
    result = await session.execute(query.values(status=JobStatus.QUEUED, attempts=0, run_at=now))
    return int(getattr(result, "rowcount", 0))


async def purge(session: AsyncSession, status: str, before: datetime) -> int:
    """Delete jobs in `status` last touched before `before` (done: finished; dead: created)."""
    stamp = Job.finished_at if status == JobStatus.DONE else Job.created_at
    result = await session.execute(delete(Job).where(Job.status == status, stamp < before))
    return int(getattr(result, "rowcount", 0))


async def counts(session: AsyncSession) -> dict[str, int]:
    rows = await session.execute(select(Job.status, func.count()).group_by(Job.status))
    return {status: count for status, count in rows.tuples()}


async def oldest_due(session: AsyncSession, now: datetime) -> datetime | None:
    """When the longest-waiting due job was due (the queue's age)."""
    query = select(func.min(Job.run_at)).where(Job.status == JobStatus.QUEUED, Job.run_at <= now)
    return (await session.execute(query)).scalar_one_or_none()
