"""Two app processes on one database: a write through one is served by the other in time.

A process answers a cached page without asking the database while its story lookup is fresh
(ADR 0005); once the lookup is older than `read_freshness_seconds` it must ask again and serve the
new page, for good. Real `rejoinder serve` processes, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.processes import app_servers

ORIGIN = "https://news.example"
FRESHNESS = 1.0
MARGIN = 2.0  # how long the loop keeps reading before it gives up (a busy 2-core machine)
SCHEDULING = 0.5  # what the window may be late by: two processes and the reads between them
SETTLED_READS = 30  # spread over more than one freshness window: no going back to the old page
PATH = "/api/v1/sites/news/stories/story-1/comments"


def _env(database_url: str, data_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "REJOINDER_DATABASE_URL": database_url,
        "REJOINDER_DATA_DIR": str(data_dir),
        "REJOINDER_SECRET_KEY": "multiprocess-test-secret",
        "REJOINDER_READ_FRESHNESS_SECONDS": str(FRESHNESS),
        "REJOINDER_MODERATION_MODE": "fast",
    }


def _total(client: httpx.Client, base: str) -> int:
    response = client.get(f"{base}{PATH}")
    assert response.status_code == 200, response.text
    total: int = response.json()["total"]
    return total


def _post(client: httpx.Client, base: str, body: str) -> None:
    payload = {"body": body, "author_name": "Reader", "story_url": f"{ORIGIN}/story-1"}
    response = client.post(f"{base}{PATH}", json=payload, headers={"origin": ORIGIN})
    assert response.status_code == 201, response.text


def _seconds_until(client: httpx.Client, base: str, total: int, deadline: float) -> float:
    start = time.monotonic()
    while _total(client, base) != total:
        assert time.monotonic() < deadline, f"{base} still serves the old page"
        time.sleep(0.05)
    return time.monotonic() - start


def test_every_process_serves_a_write_within_the_freshness_window(
    clean_database: str, tmp_path: Path
) -> None:
    env = _env(clean_database, tmp_path / "data")
    site = ["site", "create", "news", "--origin", ORIGIN,
            "--settings", '{"moderation": {"phases": ["length"]}}']  # fmt: skip
    subprocess.run([sys.executable, "-m", "rejoinder", *site], env=env, check=True,
                   capture_output=True)  # fmt: skip
    with app_servers(env, tmp_path, count=2) as (writer, other), httpx.Client(timeout=10) as client:
        _post(client, writer, "The first comment.")
        for base in (writer, other, writer, other):  # both processes now hold page and lookup
            assert _total(client, base) == 1

        _post(client, writer, "The second comment.")
        written = time.monotonic()
        deadline = time.monotonic() + FRESHNESS + MARGIN
        assert _seconds_until(client, writer, 2, deadline) < 0.5  # a process sees its own writes
        _seconds_until(client, other, 2, deadline)
        assert time.monotonic() - written <= FRESHNESS + SCHEDULING  # within the window
        for _ in range(SETTLED_READS):
            assert (_total(client, other), _total(client, writer)) == (2, 2)
            time.sleep(FRESHNESS / 10)
