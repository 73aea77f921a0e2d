"""The job worker: claims due jobs one at a time, runs them, records the outcome.

`rejoinder serve` runs one in its own process by default (nothing but SQLite needed);
`rejoinder worker` runs more in processes of their own (PostgreSQL: claims with SKIP LOCKED,
woken by LISTEN/NOTIFY). Between jobs the worker keeps house: it queues the periodic jobs whose
time slot has come (one per slot across all workers, by key), returns the jobs of workers that
died (lease over), hands over outbox events their process did not, and marks handed events.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import time
import traceback
import weakref
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import timedelta

import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from rejoinder.platform import metrics
from rejoinder.services import events, jobs
from rejoinder.services.after_commit import transaction
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import Job
from rejoinder.storage.repositories import jobs as job_repo

log = logging.getLogger(__name__)

HOUSEKEEPING_SECONDS = 5.0

# The workers of this process, for `drain_all` (tests, and a command that must see its jobs run).
_WORKERS: weakref.WeakSet[Worker] = weakref.WeakSet()


@dataclass(frozen=True)
class Outcome:
    job_id: int
    kind: str
    done: bool


class Worker:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        runtime: Callable[[], Runtime],
        write_lock: asyncio.Lock | None = None,
        name: str | None = None,
    ) -> None:
        self._sessions = sessions
        self._runtime = runtime  # asked each time: an app may be given a new runtime (tests)
        self._lock = write_lock
        self.name = name or f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"[:64]
        self._last_housekeeping = 0.0
        self._stopping = asyncio.Event()
        _WORKERS.add(self)

    @property
    def _rt(self) -> Runtime:
        return self._runtime()

    # --- running -----------------------------------------------------------------------------

    async def run_forever(self) -> None:
        """Work until `stop()`: jobs as they come, house kept every few seconds."""
        poll = self._rt.settings.job_poll_seconds
        while not self._stopping.is_set():
            try:
                await self._keep_house_when_due()
                if await self.run_one() is None:
                    await self._rt.wakeup.wait(poll)
            except Exception as error:  # a database outage: wait and try again, never die
                log.error("Job worker: %s; retrying in %.0f s", type(error).__name__, poll)
                await asyncio.sleep(poll)

    def stop(self) -> None:
        self._stopping.set()
        self._rt.wakeup.notify()

    def close(self) -> None:
        """Stop, and leave `drain_all` (the engine is about to go)."""
        self.stop()
        _WORKERS.discard(self)

    async def run_due(self) -> list[Outcome]:
        """Run every job that is due now, and keep house once (tests; `rejoinder jobs run`)."""
        await self.keep_house()
        outcomes: list[Outcome] = []
        while (outcome := await self.run_one()) is not None:
            outcomes.append(outcome)
        await self.keep_house()
        return outcomes

    async def run_one(self) -> Outcome | None:
        """Claim and run the next due job; None when nothing is due."""
        claimed = await self._claim()
        if claimed is None:
            return None
        with structlog.contextvars.bound_contextvars(
            job_id=claimed.id, job_kind=claimed.kind, request_id=claimed.request_id
        ):
            return await self._run(claimed)

    async def _claim(self) -> Job | None:
        async with self._writing() as session:
            return await job_repo.claim(session, self.name, self._rt.now(), self._lease)

    @property
    def _lease(self) -> timedelta:
        return timedelta(seconds=self._rt.settings.job_lease_seconds)

    async def _run(self, claimed: Job) -> Outcome:
        started = time.perf_counter()
        heartbeat = asyncio.create_task(self._keep_lease(claimed.id))
        try:
            delivery = await self._handle(claimed)
            if delivery is not None:
                record = await delivery()
                async with self._writing() as session:
                    if record is not None:  # what the delivery learnt, with the job's end
                        await record(session, self._rt)
                    await job_repo.finish(session, claimed.id, self.name, self._rt.now())
        except Exception as error:  # recorded on the job; the worker goes on
            await self._failed(claimed, error)
            return Outcome(claimed.id, claimed.kind, done=False)
        finally:
            heartbeat.cancel()
        metrics.job_outcome(claimed.kind, "done", time.perf_counter() - started)
        return Outcome(claimed.id, claimed.kind, done=True)

    async def _keep_lease(self, job_id: int) -> None:
        """A long job keeps its lease: renewed at a third of it, so only a dead worker's lapses
        (short jobs end before the first renewal and cost nothing)."""
        while True:
            await asyncio.sleep(self._lease.total_seconds() / 3)
            async with self._writing() as session:
                await job_repo.extend(session, job_id, self.name, self._rt.now() + self._lease)

    async def _handle(self, claimed: Job) -> jobs.Delivery | None:
        """The handler's transaction; without a delivery, the job is marked done in it too."""
        spec = jobs.kind(claimed.kind)
        async with self._writing() as session:
            delivery = await spec.run(session, self._rt, dict(claimed.payload))
            if delivery is None:
                await job_repo.finish(session, claimed.id, self.name, self._rt.now())
            return delivery

    async def _failed(self, claimed: Job, error: Exception) -> None:
        # The class and the place, never the message: it can hold an address (SECURITY 34).
        reason = f"{type(error).__name__} at {_where(error)}"
        settings = self._rt.settings
        retry = None
        if claimed.attempts < claimed.max_attempts:
            retry = jobs.retry_at(
                self._rt.now(),
                claimed.attempts,
                settings.job_retry_base_seconds,
                settings.job_retry_cap_seconds,
            )
        async with self._writing() as session:
            await job_repo.fail(session, claimed.id, self.name, reason, retry)
        metrics.job_outcome(claimed.kind, "failed" if retry else "dead")
        log.warning(
            "Job %s (%s) failed, attempt %d of %d: %s%s",
            claimed.id,
            claimed.kind,
            claimed.attempts,
            claimed.max_attempts,
            reason,
            "" if retry else "; it is dead now (rejoinder jobs retry)",
        )

    # --- housekeeping ------------------------------------------------------------------------

    async def _keep_house_when_due(self) -> None:
        if time.monotonic() - self._last_housekeeping >= HOUSEKEEPING_SECONDS:
            await self.keep_house()

    async def keep_house(self) -> None:
        self._last_housekeeping = time.monotonic()
        now = self._rt.now()
        async with self._writing() as session:
            await job_repo.release_expired(session, now)
            for spec in jobs.periodic():
                assert spec.every is not None
                slot = int(now.timestamp() // spec.every.total_seconds())
                await jobs.enqueue(session, self._rt, spec.name, {}, key=f"{spec.name}@{slot}")
            await events.drain(session, self._rt)
        async with self._sessions() as session:
            oldest = await job_repo.oldest_due(session, now)
        metrics.job_queue_age((now - oldest).total_seconds() if oldest else 0.0)

    @contextlib.asynccontextmanager
    async def _writing(self) -> AsyncIterator[AsyncSession]:
        """A transaction, in turn with this process's other writers on SQLite."""
        async with self._lock or contextlib.nullcontext(), transaction(self._sessions) as session:
            yield session


def _where(error: BaseException) -> str:
    frames = traceback.extract_tb(error.__traceback__)
    return f"{os.path.basename(frames[-1].filename)}:{frames[-1].lineno}" if frames else "?"


async def drain_all() -> list[Outcome]:
    """Run what is due on every open worker of this process (tests; mail.drain)."""
    outcomes: list[Outcome] = []
    for worker in list(_WORKERS):
        outcomes += await worker.run_due()
    return outcomes
