"""Durable jobs: the kinds of work there are, and putting work on the queue in a transaction.

A kind is registered once, at import, with `@job("name")` (or `@events.on` for work that reacts
to an event), so a feature package adds work without touching the core. Enqueued work is a row
written in the caller's transaction: rolled back, nothing runs; committed, the workers are woken
(in this process at once, in every process through NOTIFY on PostgreSQL).

Handlers are idempotent and look at the state again before acting: a job can run twice (its
worker died after acting, before recording it) and things change between enqueue and run.
A handler may return a `Delivery`: what to do once its transaction committed (an SMTP send),
outside any database lock; the job is done only when that succeeded too. A delivery may return
a `Record`: what it learnt, written in the transaction that marks the job done (a webhook's
answer in its delivery log).
"""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import structlog
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.enums import JobStatus
from rejoinder.domain.errors import Invalid
from rejoinder.platform import metrics
from rejoinder.platform.wakeup import NOTIFY_SQL
from rejoinder.services.after_commit import after_commit
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import Job
from rejoinder.storage.repositories import jobs as job_repo

Payload = dict[str, Any]
Record = Callable[[AsyncSession, Runtime], Awaitable[None]]
Delivery = Callable[[], Awaitable[Record | None]]
Handler = Callable[[AsyncSession, Runtime, Payload], Awaitable[Delivery | None]]

DEFAULT_ATTEMPTS = 8
_NOTIFIED = "rejoinder.jobs.notified"


@dataclass(frozen=True)
class JobKind:
    name: str
    run: Handler
    max_attempts: int = DEFAULT_ATTEMPTS
    every: timedelta | None = None  # periodic: enqueued once per interval by the workers


KINDS: dict[str, JobKind] = {}


def job(
    name: str, *, max_attempts: int = DEFAULT_ATTEMPTS, every: timedelta | None = None
) -> Callable[[Handler], Handler]:
    """Register `handler` as the job kind `name`."""

    def register(handler: Handler) -> Handler:
        if name in KINDS:
            raise ValueError(f"The job kind {name!r} is registered twice.")
        KINDS[name] = JobKind(name, handler, max_attempts, every)
        return handler

    return register


def kind(name: str) -> JobKind:
    try:
        return KINDS[name]
    except KeyError:
        raise Invalid(f"There is no job kind {name!r}.") from None


def periodic() -> list[JobKind]:
    return [k for k in KINDS.values() if k.every is not None]


async def enqueue(
    session: AsyncSession,
    rt: Runtime,
    name: str,
    payload: Payload,
    *,
    key: str | None = None,
    delay: timedelta = timedelta(0),
) -> bool:
    """Queue a job with this transaction; False when a job with `key` exists already."""
    spec = kind(name)
    now = rt.now()
    added = await job_repo.add(
        session,
        {
            "kind": name,
            "payload": payload,
            "key": key,
            "status": JobStatus.QUEUED,
            "attempts": 0,
            "max_attempts": spec.max_attempts,
            "run_at": now + delay,
            "request_id": structlog.contextvars.get_contextvars().get("request_id"),
            "created_at": now,
        },
    )
    if added:
        await _wake_on_commit(session, rt)
        after_commit(session, lambda: metrics.job_outcome(name, "enqueued"))
    return added


async def _wake_on_commit(session: AsyncSession, rt: Runtime) -> None:
    if session.info.get(_NOTIFIED):
        return
    session.info[_NOTIFIED] = True
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text(NOTIFY_SQL))  # delivered by PostgreSQL at commit only
    after_commit(session, rt.wakeup.notify)
    after_commit(session, lambda: session.info.pop(_NOTIFIED, None))


def retry_at(now: datetime, attempts: int, base: float, cap: float) -> datetime:
    """Exponential backoff with jitter: base, twice that, four times, ... never more than `cap`."""
    seconds = min(cap, base * 2 ** max(0, attempts - 1))
    return now + timedelta(seconds=seconds * random.uniform(0.8, 1.2))  # noqa: S311


# --- what operators do (rejoinder jobs ...) ------------------------------------------------


async def listed(session: AsyncSession, status: str | None, limit: int) -> Sequence[Job]:
    if status is not None and status not in set(JobStatus):
        raise Invalid(f"There is no job status {status!r}: use one of {', '.join(JobStatus)}.")
    return await job_repo.listed(session, status, limit)


async def retry(session: AsyncSession, rt: Runtime, ids: Sequence[int] | None) -> int:
    """Dead jobs (those of `ids`, or all) are queued again with fresh attempts."""
    count = await job_repo.requeue(session, ids, rt.now())
    if count:
        await _wake_on_commit(session, rt)
    return count


async def purge(session: AsyncSession, rt: Runtime, status: str, older_than: timedelta) -> int:
    """Delete done or dead jobs older than `older_than` (queued ones are never purged)."""
    if status not in (JobStatus.DONE, JobStatus.DEAD):
        raise Invalid("Only done or dead jobs can be purged.")
    return await job_repo.purge(session, status, rt.now() - older_than)
