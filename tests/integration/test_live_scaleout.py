"""Two real app processes on PostgreSQL and one Redis: a comment posted through one reaches a
live reader of the other within a second, and a Redis restart is survived.

The Redis is the test's own (tests/processes.RedisServer), so it can be stopped and started
again without touching anyone else's; it keeps nothing on disk, like the machine's.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from rejoinder.storage.db import create_engine
from tests.conftest import ORIGIN, _empty_tables
from tests.live_client import SseEvent, parse_events
from tests.processes import RedisServer, app_servers

EVENTS = "/api/v1/sites/news/stories/story-1/events"
COMMENTS = "/api/v1/sites/news/stories/story-1/comments"
DELIVERY_SECONDS = 1.0


class StreamReader(threading.Thread):
    """Reads one live stream in a thread; each event with the moment it arrived."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url = url
        self.events: queue.Queue[tuple[float, SseEvent]] = queue.Queue()
        self.opened = threading.Event()
        self._stop = threading.Event()

    def run(self) -> None:
        with contextlib.suppress(httpx.TransportError):  # the servers stopped at the test's end
            self._read()

    def _read(self) -> None:
        with (
            httpx.Client(timeout=httpx.Timeout(5, read=None)) as client,
            client.stream("GET", self.url, headers={"origin": ORIGIN}) as answer,
        ):
            assert answer.status_code == 200
            self.opened.set()
            buffer = ""
            for chunk in answer.iter_text():
                events, _comments, buffer = parse_events(buffer + chunk)
                for event in events:
                    self.events.put((time.monotonic(), event))
                if self._stop.is_set():
                    return

    def next(self, seconds: float = 10.0) -> tuple[float, SseEvent]:
        return self.events.get(timeout=seconds)

    def stop(self) -> None:
        self._stop.set()


def _post(base: str, body: str) -> tuple[float, int]:
    payload = {"body": body, "author_name": "Reader", "story_url": f"{ORIGIN}/story-1"}
    answer = httpx.post(f"{base}{COMMENTS}", json=payload, headers={"origin": ORIGIN}, timeout=10)
    assert answer.status_code == 201, answer.text
    return time.monotonic(), int(answer.json()["id"])


@pytest.fixture
def two_processes(postgresql_url: str, tmp_path: Path) -> Iterator[tuple[list[str], RedisServer]]:
    redis = RedisServer(tmp_path)
    redis.start()
    env = {
        **os.environ,
        "REJOINDER_DATABASE_URL": postgresql_url,
        "REJOINDER_DATA_DIR": str(tmp_path / "data"),
        "REJOINDER_SECRET_KEY": "live-scaleout-secret",
        "REDIS_URL": redis.url,
        "REJOINDER_MODERATION_MODE": "fast",
        "REJOINDER_RATE_LIMITS": '{"post.ip": "1000/60", "post.net": "1000/60"}',
    }
    env.pop("REJOINDER_REDIS_URL", None)
    site = ["site", "create", "news", "--origin", ORIGIN,
            "--settings", '{"moderation": {"phases": ["length"]}}']  # fmt: skip
    made = subprocess.run([sys.executable, "-m", "rejoinder", *site], env=env,
                          capture_output=True, text=True)  # fmt: skip
    assert made.returncode == 0, made.stderr
    try:
        with app_servers(env, tmp_path, count=2) as bases:
            yield bases, redis
    finally:
        redis.stop()

        async def empty() -> None:
            engine = create_engine(postgresql_url)
            await _empty_tables(engine)
            await engine.dispose()

        asyncio.run(empty())


def test_a_comment_posted_on_one_process_reaches_a_reader_of_the_other_and_redis_can_restart(
    two_processes: tuple[list[str], RedisServer],
) -> None:
    (writer, other), redis = two_processes
    _post(writer, "The story exists now.")
    reader = StreamReader(f"{other}{EVENTS}")
    reader.start()
    assert reader.opened.wait(10)
    time.sleep(0.3)  # the stream is registered before the next post

    answered, comment_id = _post(writer, "Posted on the first process.")
    arrived, event = reader.next()
    assert (event.name, event.data["comment"]["id"]) == ("comment.published", comment_id)
    assert arrived - answered < DELIVERY_SECONDS

    redis.stop()
    _post(writer, "Accepted while Redis is away.")  # no live event can go out, the post can
    redis.start()
    _, event = reader.next(seconds=20)
    assert (event.name, event.data) == ("refetch", {"reason": "resumed"})

    time.sleep(0.5)
    answered, comment_id = _post(writer, "Live again after the restart.")
    arrived, event = reader.next(seconds=10)
    assert (event.name, event.data["comment"]["id"]) == ("comment.published", comment_id)
    assert arrived - answered < DELIVERY_SECONDS
    with pytest.raises(queue.Empty):  # told to refresh once, not once per missed message
        reader.next(seconds=0.5)
    reader.stop()
