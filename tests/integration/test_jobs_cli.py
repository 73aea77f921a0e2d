"""`rejoinder jobs list|retry|purge` as an operator types them, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from rejoinder.storage.db import create_engine, session_factory
from rejoinder.storage.models import Job
from tests.helpers import cli_invoker

KIND = "housekeeping.purge"  # a kind every install has; the rows are made here, never run
LONG_AGO = datetime(2026, 1, 1, tzinfo=UTC)


async def _add_jobs(database_url: str) -> None:
    """One dead job (attempts used up), one done long ago, one queued and due next year."""
    engine = create_engine(database_url)
    try:
        async with session_factory(engine)() as db:
            common: dict[str, Any] = {"kind": KIND, "payload": {}, "created_at": LONG_AGO}
            db.add(Job(status="dead", attempts=8, max_attempts=8, run_at=LONG_AGO,
                       last_error="SMTP said 554", **common))  # fmt: skip
            db.add(Job(status="done", attempts=1, run_at=LONG_AGO, finished_at=LONG_AGO,
                       **common))  # fmt: skip
            db.add(Job(status="queued", run_at=LONG_AGO + timedelta(days=365), **common))
            await db.commit()
    finally:
        await engine.dispose()


@pytest.fixture
def rejoinder(clean_database: str, tmp_path: Path) -> Any:
    invoke = cli_invoker(clean_database, tmp_path)
    invoke("site", "list")  # brings the schema up to date
    asyncio.run(_add_jobs(clean_database))
    return invoke


def _rows(listing: str) -> list[list[str]]:
    return [line.split("\t") for line in listing.splitlines() if line]


def test_an_operator_finds_a_dead_job_retries_it_and_purges_old_ones(rejoinder: Any) -> None:
    [dead] = _rows(rejoinder("jobs", "list", "--status", "dead"))
    assert dead[1:4] == [KIND, "dead", "8/8"]
    assert dead[5] == "SMTP said 554"  # the reason it died, for the operator
    assert len(_rows(rejoinder("jobs", "list"))) == 3

    refused = rejoinder("jobs", "retry", expect=2)
    assert "by id, or pass --all-dead" in refused
    assert "Queued 1 dead job(s) again." in rejoinder("jobs", "retry", dead[0])
    [again] = [row for row in _rows(rejoinder("jobs", "list")) if row[0] == dead[0]]
    assert again[2:4] == ["queued", "0/8"]  # fresh attempts
    assert "Queued 0 dead job(s) again." in rejoinder("jobs", "retry", "--all-dead")

    assert "Deleted 1 done job(s)." in rejoinder("jobs", "purge", "--older-than-days", "30")
    assert "Deleted 0 dead job(s)." in rejoinder("jobs", "purge", "--status", "dead")
    assert sorted(row[2] for row in _rows(rejoinder("jobs", "list"))) == ["queued", "queued"]


def test_a_status_that_does_not_exist_is_refused_with_the_choices(rejoinder: Any) -> None:
    refused = rejoinder("jobs", "list", "--status", "stuck", expect=2)
    assert "'stuck' is not one of" in refused
