"""A PostgreSQL of the test's own restarted and stopped under a real `rejoinder serve` with a
live reader connected: posting answers 503 with a clear message while the database is away
(never a 500), succeeds once it is back, and the live stream delivers the new comment.
"""

from __future__ import annotations

import contextlib
import os
import queue
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import ORIGIN
from tests.live_client import SseEvent, parse_events
from tests.pg_cluster import PrivatePostgres, private_postgres
from tests.processes import app_servers

EVENTS = "/api/v1/sites/news/stories/story-1/events"
COMMENTS = "/api/v1/sites/news/stories/story-1/comments"


class StreamReader(threading.Thread):
    """Reads one live stream in a thread and reconnects with Last-Event-ID when it ends."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url = url
        self.events: queue.Queue[SseEvent] = queue.Queue()
        self.opened = threading.Event()
        self.connections = 0
        self._last_id: str | None = None
        self._stop = threading.Event()

    def run(self) -> None:
        while not self._stop.is_set():
            with contextlib.suppress(httpx.TransportError):
                self._read()
            time.sleep(0.2)  # the browser's retry, shortened

    def _read(self) -> None:
        headers = {"origin": ORIGIN}
        if self._last_id is not None:
            headers["last-event-id"] = self._last_id
        with (
            httpx.Client(timeout=httpx.Timeout(5, read=None)) as client,
            client.stream("GET", self.url, headers=headers) as answer,
        ):
            if answer.status_code != 200:
                return
            self.connections += 1
            self.opened.set()
            buffer = ""
            for chunk in answer.iter_text():
                events, _comments, buffer = parse_events(buffer + chunk)
                for event in events:
                    self._last_id = event.id or self._last_id
                    self.events.put(event)
                if self._stop.is_set():
                    return

    def published(self, comment_id: int, seconds: float = 10.0) -> SseEvent:
        deadline = time.monotonic() + seconds
        while True:
            event = self.events.get(timeout=max(0.01, deadline - time.monotonic()))
            if event.name == "comment.published" and event.data["comment"]["id"] == comment_id:
                return event

    def stop(self) -> None:
        self._stop.set()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, PrivatePostgres]]:
    import asyncio

    with private_postgres() as postgres:
        name = f"rejoinder_restart_{uuid.uuid4().hex[:10]}"
        url = asyncio.run(postgres.create_database(name))
        env = {**os.environ, "REJOINDER_DATABASE_URL": url,
               "REJOINDER_DATA_DIR": str(tmp_path / "data"),
               "REJOINDER_SECRET_KEY": "restart-test-secret",
               "REJOINDER_MODERATION_MODE": "fast"}  # fmt: skip
        site = ["site", "create", "news", "--origin", ORIGIN,
                "--settings", '{"moderation": {"phases": ["length"]}}']  # fmt: skip
        subprocess.run([sys.executable, "-m", "rejoinder", *site], env=env, check=True,
                       capture_output=True)  # fmt: skip
        with app_servers(env, tmp_path, count=1) as (base,):
            yield base, postgres


def _post(base: str, body: str) -> httpx.Response:
    payload = {"body": body, "author_name": "Reader", "story_url": f"{ORIGIN}/story-1"}
    return httpx.post(f"{base}{COMMENTS}", json=payload, headers={"origin": ORIGIN}, timeout=10)


def _post_until_written(base: str, body: str) -> tuple[int, list[int]]:
    """Posts until it is written (a 503 asks to try again); the id and every status seen."""
    seen = []
    for _ in range(20):
        answer = _post(base, body)
        seen.append(answer.status_code)
        assert answer.status_code in (201, 503), answer.text
        if answer.status_code == 201:
            return int(answer.json()["id"]), seen
        time.sleep(0.25)
    raise AssertionError(f"never written: {seen}")


def test_posting_and_live_readers_survive_a_postgres_restart(
    server: tuple[str, PrivatePostgres],
) -> None:
    base, postgres = server
    first, _ = _post_until_written(base, "Before the restart.")
    reader = StreamReader(f"{base}{EVENTS}")
    reader.start()
    try:
        assert reader.opened.wait(10)
        second, _ = _post_until_written(base, "The stream is open.")
        reader.published(second)

        postgres.restart("fast")
        third, statuses = _post_until_written(base, "Just after the restart.")
        print(f"posts after pg_ctl restart: {statuses}")
        reader.published(third)

        postgres.stop("fast")
        try:
            during = _post(base, "While the database is down.")
            assert during.status_code == 503, during.text
            error = during.json()["error"]
            assert error["code"] == "unavailable"
            assert "database" in error["message"].lower()
            assert during.headers["retry-after"]
            print(f"post while stopped: {during.status_code} {error}")
            page = httpx.get(f"{base}{COMMENTS}", headers={"origin": ORIGIN}, timeout=10)
            assert page.status_code in (200, 503), page.text  # a cached page, or a clear 503
        finally:
            postgres.start()
        fourth, statuses = _post_until_written(base, "After the database is back.")
        print(f"posts after the start: {statuses}; stream connections: {reader.connections}")
        reader.published(fourth)
        assert first < second < third < fourth
    finally:
        reader.stop()
