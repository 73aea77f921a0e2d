"""`rejoinder worker` runs job workers; `rejoinder jobs list|retry|purge|run` looks after jobs."""

from __future__ import annotations

import asyncio
import signal
from datetime import timedelta
from pathlib import Path

import click
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.cli._context import data_dir_option, load_settings, run
from rejoinder.config import Settings
from rejoinder.domain.enums import JobStatus
from rejoinder.platform.logs import configure_logging
from rejoinder.services import job_kinds, jobs
from rejoinder.services.runtime import Runtime
from rejoinder.services.wiring import build_runtime, close_runtime
from rejoinder.services.worker import Outcome, Worker
from rejoinder.storage.db import create_engine, session_factory
from rejoinder.storage.models import Job

assert job_kinds.MODULES  # every kind is known before a job is run or listed


@click.command()
@click.option("--concurrency", default=1, show_default=True, type=click.IntRange(1, 64))
@data_dir_option
def worker(concurrency: int, data_dir: Path | None) -> None:
    """Run job workers until SIGTERM or Ctrl-C (they finish the job in hand first)."""
    settings = load_settings(data_dir)
    configure_logging(settings.log_format)
    asyncio.run(_work(settings, concurrency, forever=True))


async def _work(settings: Settings, concurrency: int, *, forever: bool) -> list[Outcome]:
    engine = create_engine(settings.resolved_database_url, settings.sqlite_synchronous)
    sessions = session_factory(engine)
    runtime = build_runtime(settings, sessions)
    lock = asyncio.Lock() if engine.dialect.name == "sqlite" else None
    workers = [Worker(sessions, lambda: runtime, lock) for _ in range(concurrency)]
    try:
        if not forever:
            return await workers[0].run_due()

        def stop_all() -> None:
            for each in workers:
                each.stop()

        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop_all)
        click.echo(f"Job worker: {concurrency} running; SIGTERM or Ctrl-C stops them.", err=True)
        await asyncio.gather(*(w.run_forever() for w in workers))
        return []
    finally:
        for each in workers:
            each.close()
        await close_runtime(runtime)
        await engine.dispose()


@click.group("jobs")
def jobs_group() -> None:
    """Durable jobs: list them, retry dead ones, purge old ones, run what is due."""


def _row(job: Job) -> str:
    error = job.last_error or ""
    return "\t".join(
        [
            str(job.id),
            job.kind,
            job.status,
            f"{job.attempts}/{job.max_attempts}",
            f"{job.run_at:%Y-%m-%d %H:%M:%S}",
            error,
        ]
    )


@jobs_group.command("list")
@click.option("--status", type=click.Choice([s.value for s in JobStatus]), default=None)
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 10_000))
@data_dir_option
def list_jobs(status: str | None, limit: int, data_dir: Path | None) -> None:
    """Jobs, newest first: id, kind, status, attempts, due, last error; tab-separated."""

    async def work(session: AsyncSession, _runtime: Runtime) -> list[str]:
        return [_row(job) for job in await jobs.listed(session, status, limit)]

    for line in run(load_settings(data_dir), work):
        click.echo(line)


@jobs_group.command("retry")
@click.argument("ids", nargs=-1, type=int)
@click.option("--all-dead", is_flag=True, help="Every dead job.")
@data_dir_option
def retry(ids: tuple[int, ...], all_dead: bool, data_dir: Path | None) -> None:
    """Queue dead jobs again with fresh attempts (by id, or --all-dead)."""
    if not ids and not all_dead:
        raise click.UsageError("Name the dead jobs to retry by id, or pass --all-dead.")

    async def work(session: AsyncSession, runtime: Runtime) -> int:
        return await jobs.retry(session, runtime, None if all_dead else list(ids))

    click.echo(f"Queued {run(load_settings(data_dir), work)} dead job(s) again.")


@jobs_group.command("purge")
@click.option("--status", type=click.Choice(["done", "dead"]), default="done", show_default=True)
@click.option("--older-than-days", default=7, show_default=True, type=click.IntRange(0, 36500))
@data_dir_option
def purge(status: str, older_than_days: int, data_dir: Path | None) -> None:
    """Delete done (or dead) jobs older than the given number of days."""

    async def work(session: AsyncSession, runtime: Runtime) -> int:
        return await jobs.purge(session, runtime, status, timedelta(days=older_than_days))

    click.echo(f"Deleted {run(load_settings(data_dir), work)} {status} job(s).")


@jobs_group.command("run")
@data_dir_option
def run_due(data_dir: Path | None) -> None:
    """Run every job that is due now, then exit (for cron, or to flush the queue by hand)."""
    settings = load_settings(data_dir)
    configure_logging(settings.log_format)
    outcomes = asyncio.run(_work(settings, 1, forever=False))
    done = sum(o.done for o in outcomes)
    click.echo(f"Ran {len(outcomes)} job(s): {done} done, {len(outcomes) - done} failed.")
