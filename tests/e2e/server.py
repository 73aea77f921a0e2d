"""Start `rejoinder demo` as a real process on a free port, and write to it through the API."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import text

from rejoinder.domain.rate_limits import DEFAULT_LIMITS
from rejoinder.storage.db import create_engine
from tests.processes import free_port, wait_until_healthy

REPO = Path(__file__).parents[2]
PAGE = REPO / "tests" / "fixtures" / "pages" / "wire-story-with-comments.txt"
HEADLINE = "AUKUS to open Pillar Two talks as Washington pushes for Japan to join"
STORY = "aukus-pillar-two"
SITE = "e2e"  # where tests write: the pipeline's flood and duplicate checks would hold test posts
SITE_SETTINGS = '{"moderation": {"phases": ["length"]}}'
# Every test writes from 127.0.0.1; the limits themselves are tested in tests/integration.
GENEROUS_LIMITS = json.dumps({name: "100000/60" for name in DEFAULT_LIMITS})
PG_SERVER = os.environ.get("REJOINDER_TEST_PG", "postgresql+asyncpg://postgres@127.0.0.1:5432")


@dataclass(frozen=True)
class DemoServer:
    base: str
    data_dir: Path
    env: Mapping[str, str] = field(default_factory=dict)  # what its CLI needs too (the database)

    def post(
        self, story: str, body: str, author: str = "Reader", site: str = SITE, **fields: Any
    ) -> dict[str, Any]:
        """Post as a reader on the publisher page would (Origin and story URL on the site)."""
        payload = {"body": body, "author_name": author,
                   "story_url": f"{self.base}/publisher/{story}", **fields}  # fmt: skip
        response = httpx.post(
            f"{self.base}/api/v1/sites/{site}/stories/{story}/comments",
            json=payload,
            headers={"origin": self.base},
        )
        assert response.status_code in (201, 202), response.text
        data: dict[str, Any] = response.json()
        return data

    def cli(self, *args: str, stdin: str | None = None) -> str:
        command = [sys.executable, "-m", "rejoinder", *args, "--data-dir", str(self.data_dir)]
        return subprocess.run(
            command, check=True, capture_output=True, text=True, input=stdin,
            env={**os.environ, **self.env},
        ).stdout  # fmt: skip


async def _on_server(statement: str) -> None:
    engine = create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            await connection.execute(text(statement))
    finally:
        await engine.dispose()


def _run(statement: str) -> None:
    # In a thread of its own: Playwright's sync API keeps an event loop running in this one.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, _on_server(statement)).result()


@contextmanager
def throwaway_postgres() -> Iterator[str]:
    """A new, empty PostgreSQL database on the test server (as tests/conftest.py makes them);
    `rejoinder demo` migrates it. Dropped afterwards."""
    name = f"rejoinder_e2e_{uuid.uuid4().hex[:10]}"
    _run(f'CREATE DATABASE "{name}"')
    try:
        yield f"{PG_SERVER}/{name}"
    finally:
        _run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def start_demo(
    workdir: Path,
    env: dict[str, str] | None = None,
    port: int | None = None,
    database_url: str | None = None,
) -> Iterator[DemoServer]:
    """`env` adds to (or overrides) the server's environment, e.g. REJOINDER_OIDC_* settings;
    `port` is for settings that name the server's own address (REJOINDER_PUBLIC_URL);
    `database_url` is the database of the server and of its CLI (default: SQLite in its data
    directory)."""
    port = port or free_port()
    database = {"REJOINDER_DATABASE_URL": database_url} if database_url else {}
    data_dir = workdir / "data"
    command = [sys.executable, "-m", "rejoinder", "demo", "--port", str(port),
               "--data-dir", str(data_dir), "--page", str(PAGE), "--story", STORY,
               "--title", HEADLINE]  # fmt: skip
    log = workdir / "demo.log"
    environment = {
        **os.environ, "REJOINDER_RATE_LIMITS": GENEROUS_LIMITS, **(env or {}), **database
    }  # fmt: skip
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, stdout=output, stderr=subprocess.STDOUT, env=environment
        )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_healthy(base, process, log)
        server = DemoServer(base, data_dir, database)
        server.cli("site", "create", SITE, "--origin", base, "--settings", SITE_SETTINGS)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=10)
