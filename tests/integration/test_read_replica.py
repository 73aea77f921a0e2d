"""A PostgreSQL primary with a streaming replica of the test's own (tests/pg_cluster.py).

Anonymous public reads go to the replica, signed-in readers and writes to the primary (ADR 0019):
with the replica's replay paused, an anonymous page lacks a new comment that a signed-in reader
sees. A lagging replica never leaves a stale page cached once it has caught up (the page cache
is keyed by versions the replica itself had reached). A stopped replica costs a fast fallback to
the primary, and once it is back the reads go to it again. A SQLite replica URL is refused.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from prometheus_client import REGISTRY
from pydantic import ValidationError

from rejoinder.app import create_app
from rejoinder.config import Settings
from rejoinder.platform import background
from rejoinder.storage.db import REPLICA_COOLDOWN_SECONDS
from tests.conftest import GENEROUS_LIMITS, ORIGIN, RELAXED, make_site
from tests.integration.signed_in import sign_in
from tests.pg_cluster import PostgresPair, postgres_pair

FRESHNESS = 0.5
MARGIN = 2.0  # scheduling on a busy machine, not another freshness window
PAGE = "/api/v1/sites/news/stories/story-1/comments"
STORY = "/api/v1/sites/news/stories/story-1"
COUNTS = "/api/v1/sites/news/counts?story=story-1"


@pytest.fixture(scope="module")
def pair() -> Iterator[PostgresPair]:
    with postgres_pair() as started:
        yield started


@pytest.fixture
async def app(pair: PostgresPair, tmp_path: Path) -> AsyncIterator[FastAPI]:
    name = f"rejoinder_replica_{uuid.uuid4().hex[:10]}"
    primary_url = await pair.primary.create_database(name)
    await pair.caught_up()
    settings = Settings(
        database_url=primary_url,
        database_replica_url=pair.replica.url(name),
        data_dir=tmp_path,
        secret_key="test-secret-key",
        rate_limits=GENEROUS_LIMITS,
        read_freshness_seconds=FRESHNESS,
    )
    application = create_app(settings)
    await make_site(application, "news", **RELAXED)
    await pair.caught_up()
    yield application
    await background.drain()
    await application.state.shutdown()
    if await pair.replica.fetchval("SELECT pg_is_wal_replay_paused()"):
        await pair.replica.fetchval("SELECT pg_wal_replay_resume()")


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://testserver", headers={"origin": ORIGIN}
    ) as http:
        yield http


async def _post(client: httpx.AsyncClient, body: str, **extra: object) -> int:
    payload = {"body": body, "author_name": "Reader", "story_url": f"{ORIGIN}/story-1", **extra}
    answer = await client.post(PAGE, json=payload)
    assert answer.status_code == 201, answer.text
    return int(answer.json()["id"])


async def _bodies(client: httpx.AsyncClient, headers: dict[str, str] | None = None) -> list[str]:
    answer = await client.get(PAGE, headers=headers or {})
    assert answer.status_code == 200, answer.text
    return [item["body_html"] for item in answer.json()["items"]]


def _has(bodies: list[str], text: str) -> bool:
    return any(text in body for body in bodies)


def _reads_from(database: str) -> float:
    value = REGISTRY.get_sample_value("rejoinder_read_database_total", {"database": database})
    return value or 0.0


async def _pause(pair: PostgresPair) -> None:
    await pair.replica.fetchval("SELECT pg_wal_replay_pause()")
    deadline = time.monotonic() + 5
    while await pair.replica.fetchval("SELECT pg_get_wal_replay_pause_state()") != "paused":
        assert time.monotonic() < deadline
        await asyncio.sleep(0.02)


async def test_anonymous_reads_come_from_the_replica_and_signed_in_ones_from_the_primary(
    app: FastAPI, client: httpx.AsyncClient, pair: PostgresPair
) -> None:
    first = await _post(client, "The first comment.")
    await pair.caught_up()
    replica_reads = _reads_from("replica")
    assert _has(await _bodies(client), "The first comment.")
    assert _reads_from("replica") > replica_reads

    reader = await sign_in(app, "Signed-in reader")
    await _pause(pair)
    await _post(client, "Posted while the replica is paused.")
    await _post(client, "A reply while paused.", parent_id=first)

    # The anonymous answers are the replica's, as of before the pause...
    assert not _has(await _bodies(client), "Posted while the replica is paused.")
    assert (await client.get(STORY)).json()["comment_count"] == 1
    assert (await client.get(COUNTS)).json()["stories"] == {"story-1": 1}
    replies = f"/api/v1/sites/news/comments/{first}/replies"
    assert (await client.get(replies)).json()["items"] == []
    # ...the signed-in reader's the primary's.
    assert _has(await _bodies(client, reader.headers), "Posted while the replica is paused.")
    assert (await client.get(STORY, headers=reader.headers)).json()["comment_count"] == 3
    assert len((await client.get(replies, headers=reader.headers)).json()["items"]) == 1


async def test_a_lagging_replica_leaves_no_stale_page_cached_once_it_caught_up(
    app: FastAPI, client: httpx.AsyncClient, pair: PostgresPair
) -> None:
    await _post(client, "The first comment.")
    await pair.caught_up()
    muter, muted = await sign_in(app, "Muter"), await sign_in(app, "Muted")
    answer = await client.post("/api/v1/me/mutes", json={"account_id": muted.account_id},
                               headers=muter.headers)  # fmt: skip
    assert answer.status_code in (200, 201), answer.text
    assert _has(await _bodies(client), "The first comment.")  # page and lookup in the caches

    await _pause(pair)
    await _post(client, "The second comment.")
    # A signed-in read looks the story up on the primary (the new version) and builds no shared
    # page (this reader's is filtered by their mutes): the trap for a shared story lookup, where
    # the next anonymous read would cache the replica's old page under the new version.
    assert _has(await _bodies(client, muter.headers), "The second comment.")
    for _ in range(int(3 * FRESHNESS / 0.1)):  # the lag is the replica's: it lasts while paused
        assert not _has(await _bodies(client), "The second comment.")
        await asyncio.sleep(0.1)

    await pair.replica.fetchval("SELECT pg_wal_replay_resume()")
    await pair.caught_up()
    start = time.monotonic()
    while not _has(await _bodies(client), "The second comment."):
        assert time.monotonic() - start < FRESHNESS + MARGIN, "still the replica's old page"
        await asyncio.sleep(0.05)
    for _ in range(int(3 * FRESHNESS / 0.1)):  # and for good
        assert _has(await _bodies(client), "The second comment.")
        await asyncio.sleep(0.1)


async def test_a_stopped_replica_falls_back_to_the_primary_quickly_and_is_used_again(
    app: FastAPI, client: httpx.AsyncClient, pair: PostgresPair
) -> None:
    await _post(client, "Before the replica stops.")
    await pair.caught_up()
    assert _has(await _bodies(client), "Before the replica stops.")

    await asyncio.to_thread(pair.replica.stop, "fast")
    try:
        fallbacks = _reads_from("fallback")
        await _post(client, "While the replica is down.")
        seconds = []
        written = time.monotonic()
        deadline = written + REPLICA_COOLDOWN_SECONDS + 1.5  # past one retry of the replica
        while time.monotonic() < deadline:
            start = time.monotonic()
            bodies = await _bodies(client)
            seconds.append(time.monotonic() - start)
            # The cached page and lookup are trusted for the freshness window, as ever; then
            # the answer is the primary's, current.
            if time.monotonic() - written > FRESHNESS + MARGIN:
                assert _has(bodies, "While the replica is down.")
            answer = await client.get(STORY)
            assert answer.status_code == 200, answer.text
            assert answer.json()["comment_count"] == 2
            await asyncio.sleep(0.05)
        assert _has(await _bodies(client), "While the replica is down.")
        assert _reads_from("fallback") > fallbacks
        assert max(seconds) < 3.0, seconds
        print(f"fallback reads: first {seconds[0] * 1000:.1f} ms, "
              f"slowest after it {max(seconds[1:]) * 1000:.1f} ms, "
              f"median {sorted(seconds)[len(seconds) // 2] * 1000:.1f} ms "
              f"over {len(seconds)} reads")  # fmt: skip
    finally:
        await asyncio.to_thread(pair.replica.start)
    await pair.caught_up(seconds=20)

    # Back on the replica: with its replay paused, a new comment is missing from the anonymous
    # page again (the primary would have it), once the cool-down has passed.
    await _pause(pair)
    await _post(client, "After the replica is back.")
    deadline = time.monotonic() + REPLICA_COOLDOWN_SECONDS + FRESHNESS + MARGIN
    while _has(await _bodies(client), "After the replica is back."):
        assert time.monotonic() < deadline, "the reads did not go back to the replica"
        await asyncio.sleep(0.1)
    assert _has(await _bodies(client), "While the replica is down.")


def test_a_sqlite_replica_url_is_refused(tmp_path: Path) -> None:
    primary = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
    with pytest.raises(ValidationError, match="REJOINDER_DATABASE_REPLICA_URL must be a Postgre"):
        Settings(database_url=primary, database_replica_url=f"sqlite+aiosqlite:///{tmp_path}/r.db")
    with pytest.raises(ValidationError, match="REJOINDER_DATABASE_URL must be the PostgreSQL"):
        Settings(data_dir=tmp_path, database_replica_url=primary)  # a SQLite primary
    assert Settings(database_url=primary, database_replica_url="").database_replica_url is None
