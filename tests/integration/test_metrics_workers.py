"""`rejoinder serve --workers 2`: whichever worker answers the scrape, the counts are everyone's.

Without prometheus-client's multiprocess mode each worker would count only what it answered,
and two scrapes could even come from different workers.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.metrics_scrape import sample
from tests.processes import free_port, wait_until_healthy

REQUESTS = 40
HEALTHZ = {"method": "GET", "route": "/healthz", "status": "200"}


def _env(database_url: str, data_dir: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "REJOINDER_DATABASE_URL": database_url,
        "REJOINDER_DATA_DIR": str(data_dir),
        "REJOINDER_SECRET_KEY": "metrics-workers-secret",
        "REJOINDER_MODERATION_MODE": "fast",
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)  # `serve` makes its own
    return env


def _rejoinder(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "rejoinder", *args], env=env, check=True, capture_output=True
    )
    return done.stdout.decode()


def _admin_token(env: dict[str, str]) -> dict[str, str]:
    _rejoinder(env, "user", "create", "ops", "--role", "admin")
    secret = _rejoinder(env, "token", "create", "--user", "ops", "--name", "prometheus")
    return {"authorization": f"Bearer {secret.split()[-1]}"}


@contextmanager
def _server(env: dict[str, str], workdir: Path) -> Iterator[str]:
    port, log = free_port(), workdir / "server.log"
    command = [sys.executable, "-m", "rejoinder", "serve", "--port", str(port), "--workers", "2"]
    with log.open("wb") as output:
        process = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base, process, log)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=15)


def _healthz_count(base: str, token: dict[str, str]) -> float:
    response = httpx.get(f"{base}/metrics", headers=token, timeout=10)
    assert response.status_code == 200, response.text
    return sample(response.text, "rejoinder_http_requests_total", **HEALTHZ)


def test_two_workers_add_up_their_request_counts(clean_database: str, tmp_path: Path) -> None:
    env = _env(clean_database, tmp_path / "data")
    token = _admin_token(env)
    with _server(env, tmp_path) as base:
        before = _healthz_count(base, token)
        for _ in range(REQUESTS):  # a new connection each: both workers take some
            assert httpx.get(f"{base}/healthz", timeout=10).status_code == 200
        counts = {_healthz_count(base, token) for _ in range(6)}  # scrapes reach either worker
    assert counts == {before + REQUESTS}
