"""Start `rejoinder demo` as a real process on a free port, and write to it through the API."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from rejoinder.domain.rate_limits import DEFAULT_LIMITS
from tests.processes import free_port, wait_until_healthy

REPO = Path(__file__).parents[2]
PAGE = REPO / "tests" / "fixtures" / "pages" / "wire-story-with-comments.txt"
HEADLINE = "AUKUS to open Pillar Two talks as Washington pushes for Japan to join"
STORY = "aukus-pillar-two"
SITE = "e2e"  # where tests write: the pipeline's flood and duplicate checks would hold test posts
SITE_SETTINGS = '{"moderation": {"phases": ["length"]}}'
# Every test writes from 127.0.0.1; the limits themselves are tested in tests/integration.
GENEROUS_LIMITS = json.dumps({name: "100000/60" for name in DEFAULT_LIMITS})


@dataclass(frozen=True)
class DemoServer:
    base: str
    data_dir: Path

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
            command, check=True, capture_output=True, text=True, input=stdin
        ).stdout


@contextmanager
def start_demo(
    workdir: Path, env: dict[str, str] | None = None, port: int | None = None
) -> Iterator[DemoServer]:
    """`env` adds to (or overrides) the server's environment, e.g. REJOINDER_OIDC_* settings;
    `port` is for settings that name the server's own address (REJOINDER_PUBLIC_URL)."""
    port = port or free_port()
    data_dir = workdir / "data"
    command = [sys.executable, "-m", "rejoinder", "demo", "--port", str(port),
               "--data-dir", str(data_dir), "--page", str(PAGE), "--story", STORY,
               "--title", HEADLINE]  # fmt: skip
    log = workdir / "demo.log"
    environment = {**os.environ, "REJOINDER_RATE_LIMITS": GENEROUS_LIMITS, **(env or {})}
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, stdout=output, stderr=subprocess.STDOUT, env=environment
        )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_healthy(base, process, log)
        server = DemoServer(base, data_dir)
        server.cli("site", "create", SITE, "--origin", base, "--settings", SITE_SETTINGS)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=10)
