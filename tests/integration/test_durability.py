"""A comment acknowledged with 201 survives `kill -9` of the server (SECURITY 35, SQLite)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.conftest import GENEROUS_LIMITS
from tests.processes import free_port


def _serve(data_dir: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    # One client posts 40 comments in a burst: the rate limits are raised (tests/conftest.py).
    limits = json.dumps(GENEROUS_LIMITS)
    env = {**os.environ, "REJOINDER_DATA_DIR": str(data_dir), "REJOINDER_RATE_LIMITS": limits}
    with log.open("ab") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "rejoinder", "serve", "--port", str(port)],
            env=env, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return process
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    process.wait()
    raise AssertionError(log.read_text())


def _cli(data_dir: Path, *args: str) -> None:
    env = {**os.environ, "REJOINDER_DATA_DIR": str(data_dir)}
    subprocess.run([sys.executable, "-m", "rejoinder", *args], env=env, check=True,
                   capture_output=True)  # fmt: skip


def test_acknowledged_comments_survive_kill_9(tmp_path: Path) -> None:
    data, log, port = tmp_path / "data", tmp_path / "server.log", free_port()
    origin = f"http://127.0.0.1:{port}"
    _cli(data, "db", "upgrade")
    # One client posts 40 in a burst: neither a flood nor a story surge here.
    relaxed = '{"moderation": {"flood_max_posts": 1000, "surge_network_comments": 1000}}'
    _cli(data, "site", "create", "news", "--origin", origin, "--settings", relaxed)
    server = _serve(data, port, log)
    url = f"{origin}/api/v1/sites/news/stories/s/comments"
    acknowledged = []
    with httpx.Client(headers={"origin": origin}) as client:
        for n in range(40):
            body = {"body": f"comment {n}", "author_name": "A", "story_url": f"{origin}/s"}
            response = client.post(url, json=body)
            assert response.status_code == 201, response.text
            acknowledged.append(response.json()["id"])
    server.send_signal(signal.SIGKILL)
    server.wait()

    restarted = _serve(data, port, log)
    try:
        page = httpx.get(url, params={"limit": 100}).json()
    finally:
        restarted.terminate()
        restarted.wait(timeout=10)
    assert [item["id"] for item in page["items"]] == acknowledged
