"""The job queue on both databases: enqueued with the transaction, run once, retried with
backoff, dead after its attempts, retried or purged by an operator, taken back from a worker that
died, periodic work once per slot, and workers that never run one job twice."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from prometheus_client import REGISTRY
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.errors import Invalid
from rejoinder.platform.wakeup import PostgresWakeup
from rejoinder.services import jobs
from rejoinder.services.after_commit import transaction
from rejoinder.services.runtime import Runtime
from rejoinder.services.worker import Worker
from rejoinder.storage.models import Job

RAN: list[tuple[str, Any]] = []
FAILING = {"left": 0}


@jobs.job("test.record")
async def _record(_session: AsyncSession, _rt: Runtime, payload: jobs.Payload) -> None:
    RAN.append(("record", payload["n"]))


@jobs.job("test.flaky", max_attempts=3)
async def _flaky(_session: AsyncSession, _rt: Runtime, payload: jobs.Payload) -> None:
    if FAILING["left"] > 0:
        FAILING["left"] -= 1
        raise ConnectionError(f"secret detail {payload['n']}")
    RAN.append(("flaky", payload["n"]))


@jobs.job("test.slow")
async def _slow(_session: AsyncSession, _rt: Runtime, payload: jobs.Payload) -> None:
    await asyncio.sleep(0.05)
    RAN.append(("slow", payload["n"]))


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
async def clock(app: FastAPI) -> AsyncIterator[Clock]:
    RAN.clear()
    FAILING["left"] = 0
    ticking = Clock()
    app.state.runtime = replace(app.state.runtime, clock=ticking)
    yield ticking


def _worker(app: FastAPI, name: str | None = None) -> Worker:
    return Worker(app.state.sessions, lambda: app.state.runtime, app.state.write_lock, name)


async def _enqueue(app: FastAPI, kind: str, n: int, **options: Any) -> bool:
    async with transaction(app.state.sessions) as session:
        return await jobs.enqueue(session, app.state.runtime, kind, {"n": n}, **options)


async def _jobs(app: FastAPI, kind: str) -> list[Job]:
    async with app.state.sessions() as session:
        rows = await session.execute(select(Job).where(Job.kind == kind).order_by(Job.id))
        return list(rows.scalars())


async def test_a_job_is_queued_with_its_transaction_and_runs_once(
    app: FastAPI, clock: Clock
) -> None:
    with pytest.raises(RuntimeError):
        async with transaction(app.state.sessions) as session:
            await jobs.enqueue(session, app.state.runtime, "test.record", {"n": 1})
            raise RuntimeError("the change fails")
    assert await _jobs(app, "test.record") == []  # rolled back: never queued

    await _enqueue(app, "test.record", 2)
    worker = _worker(app)
    await worker.run_due()
    await worker.run_due()
    assert RAN == [("record", 2)]
    [job] = await _jobs(app, "test.record")
    assert (job.status, job.attempts, job.payload) == ("done", 1, {})  # payload dropped
    worker.close()


async def test_a_delayed_job_waits_until_it_is_due(app: FastAPI, clock: Clock) -> None:
    await _enqueue(app, "test.record", 1, delay=timedelta(minutes=5))
    worker = _worker(app)
    await worker.run_due()
    assert RAN == []
    clock.now += timedelta(minutes=5)
    await worker.run_due()
    assert RAN == [("record", 1)]
    worker.close()


async def test_failures_are_retried_with_growing_backoff_then_the_job_is_dead(
    app: FastAPI, clock: Clock
) -> None:
    FAILING["left"] = 10
    await _enqueue(app, "test.flaky", 7)
    worker = _worker(app)
    waits = []
    for attempt in (1, 2):
        await worker.run_due()
        [job] = await _jobs(app, "test.flaky")
        assert (job.status, job.attempts) == ("queued", attempt)
        assert job.last_error is not None and job.last_error.startswith("ConnectionError at ")
        assert "secret detail" not in job.last_error  # never the message (SECURITY 34)
        waits.append((job.run_at - clock.now).total_seconds())
        await worker.run_due()  # not due yet: nothing happens
        assert (await _jobs(app, "test.flaky"))[0].attempts == attempt
        clock.now = job.run_at
    base = app.state.runtime.settings.job_retry_base_seconds
    assert base * 0.8 <= waits[0] <= base * 1.2
    assert 2 * base * 0.8 <= waits[1] <= 2 * base * 1.2
    await worker.run_due()
    [dead] = await _jobs(app, "test.flaky")
    assert (dead.status, dead.attempts) == ("dead", 3)
    assert RAN == []

    FAILING["left"] = 0
    async with transaction(app.state.sessions) as session:
        assert await jobs.retry(session, app.state.runtime, [dead.id]) == 1
    await worker.run_due()
    assert RAN == [("flaky", 7)]
    assert (await _jobs(app, "test.flaky"))[0].status == "done"
    worker.close()


async def test_backoff_never_waits_longer_than_its_cap() -> None:
    now = datetime.now(UTC)
    longest = max(jobs.retry_at(now, n, 10.0, 60.0) - now for n in range(1, 30))
    assert longest <= timedelta(seconds=72)  # the cap, with its jitter


async def test_the_job_of_a_worker_that_died_is_taken_again_after_its_lease(
    app: FastAPI, clock: Clock
) -> None:
    await _enqueue(app, "test.record", 3)
    dead = _worker(app, "dead-worker")
    await _claim_without_running(app, dead)
    alive = _worker(app, "alive-worker")
    await alive.run_due()
    assert RAN == []  # still held by the dead worker
    clock.now += timedelta(seconds=app.state.runtime.settings.job_lease_seconds + 1)
    await alive.run_due()
    assert RAN == [("record", 3)]
    [job] = await _jobs(app, "test.record")
    assert (job.status, job.attempts, job.locked_by) == ("done", 2, "alive-worker")
    for each in (dead, alive):
        each.close()


async def _claim_without_running(app: FastAPI, worker: Worker) -> None:
    """What a worker killed in the middle of a job leaves behind: a claimed job."""
    from rejoinder.storage.repositories import jobs as job_repo

    lease = timedelta(seconds=app.state.runtime.settings.job_lease_seconds)
    async with transaction(app.state.sessions) as session:
        job = await job_repo.claim(session, worker.name, app.state.runtime.now(), lease)
    assert job is not None and job.status == "running"


async def test_a_job_with_a_key_is_queued_once(app: FastAPI, clock: Clock) -> None:
    assert await _enqueue(app, "test.record", 1, key="once")
    assert not await _enqueue(app, "test.record", 2, key="once")
    assert len(await _jobs(app, "test.record")) == 1


async def test_periodic_jobs_are_queued_once_per_slot_by_any_number_of_workers(
    app: FastAPI, clock: Clock
) -> None:
    workers = [_worker(app) for _ in range(3)]
    for worker in workers:
        await worker.keep_house()
    assert len(await _jobs(app, "housekeeping.purge")) == 1
    clock.now += timedelta(hours=1)
    await asyncio.gather(*(w.keep_house() for w in workers))
    assert len(await _jobs(app, "housekeeping.purge")) == 2
    for worker in workers:
        worker.close()


async def test_concurrent_workers_run_every_job_exactly_once(app: FastAPI, clock: Clock) -> None:
    for n in range(40):
        await _enqueue(app, "test.slow", n)
    workers = [_worker(app, f"w{n}") for n in range(4)]
    await asyncio.gather(*(w.run_due() for w in workers))
    assert sorted(n for _, n in RAN) == list(range(40))
    claimed_by = {job.locked_by for job in await _jobs(app, "test.slow")}
    assert len(claimed_by) > 1  # the work was shared
    for worker in workers:
        worker.close()


async def test_operators_list_retry_and_purge(app: FastAPI, clock: Clock) -> None:
    await _enqueue(app, "test.record", 1)
    await _worker(app).run_due()
    async with transaction(app.state.sessions) as session:
        listed = await jobs.listed(session, "done", 10)
        assert [j.kind for j in listed if j.kind.startswith("test.")] == ["test.record"]
        with pytest.raises(Invalid):
            await jobs.listed(session, "bogus", 10)
        with pytest.raises(Invalid):
            await jobs.purge(session, app.state.runtime, "queued", timedelta(0))
        assert await jobs.retry(session, app.state.runtime, None) == 0  # nothing dead
    clock.now += timedelta(days=1)
    async with transaction(app.state.sessions) as session:
        assert await jobs.purge(session, app.state.runtime, "done", timedelta(hours=1)) >= 1
    assert await _jobs(app, "test.record") == []


async def test_an_unknown_kind_is_refused_when_queued(app: FastAPI, clock: Clock) -> None:
    with pytest.raises(Invalid, match="no job kind"):
        await _enqueue(app, "test.nobody", 1)


async def test_postgresql_wakes_idle_workers_at_commit(app: FastAPI, database_url: str) -> None:
    """LISTEN/NOTIFY: a worker waiting with a long poll hears of a job committed elsewhere."""
    if not database_url.startswith("postgresql"):
        pytest.skip("NOTIFY is PostgreSQL's; SQLite workers are woken in process")
    listener = PostgresWakeup(database_url)
    try:
        await listener.wait(0.01)  # connects and listens
        waiting = asyncio.create_task(listener.wait(30.0))
        await asyncio.sleep(0.1)
        started = asyncio.get_running_loop().time()
        await _enqueue(app, "test.record", 1)
        await asyncio.wait_for(waiting, 5.0)
        assert asyncio.get_running_loop().time() - started < 2.0
    finally:
        await listener.aclose()


async def test_a_job_keeps_the_request_id_of_the_request_that_queued_it(
    app: FastAPI, client: httpx.AsyncClient, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    answer = await client.post(
        "/api/v1/auth/password-reset",
        json={"email": "nobody@example.org"},
        headers={"x-request-id": "req-for-a-job"},
    )
    assert answer.status_code == 202
    [job] = await _jobs(app, "account.reset_requested")
    assert job.request_id == "req-for-a-job"


async def test_jobs_are_counted_in_the_metrics(app: FastAPI, clock: Clock) -> None:
    def done_count() -> float:
        value = REGISTRY.get_sample_value(
            "rejoinder_jobs_total", {"kind": "test.record", "outcome": "done"}
        )
        return value or 0.0

    before = done_count()
    await _enqueue(app, "test.record", 1)
    worker = _worker(app)
    await worker.run_due()
    assert done_count() == before + 1
    enqueued = REGISTRY.get_sample_value(
        "rejoinder_jobs_total", {"kind": "test.record", "outcome": "enqueued"}
    )
    assert enqueued is not None and enqueued >= 1
    assert REGISTRY.get_sample_value("rejoinder_job_queue_age_seconds") == 0.0
    worker.close()
