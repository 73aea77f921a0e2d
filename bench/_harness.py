"""Shared pieces of the benchmarks: servers on loopback, wrk runs, result tables."""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

import httpx

RESULTS = Path(__file__).parent / "results"
PG_SERVER = os.environ.get("REJOINDER_BENCH_PG", "postgresql+asyncpg://postgres@127.0.0.1:5432")


# wrk and the seeding loops are one client at 127.0.0.1: the server runs with the posting limits
# raised, so that benchmarks measure throughput, not the limits (which answer 429 after ten posts).
UNLIMITED_POSTING = (
    '{"post.ip": "10000000/60", "post.net": "10000000/60", "post.story": "10000000/60"}'
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _env(data_dir: Path, database_url: str | None) -> dict[str, str]:
    env = {**os.environ, "REJOINDER_DATA_DIR": str(data_dir)}
    if database_url is not None:
        env["REJOINDER_DATABASE_URL"] = database_url
    return env


def rejoinder(data_dir: Path, *args: str, database_url: str | None = None) -> None:
    env = _env(data_dir, database_url)
    subprocess.run([sys.executable, "-m", "rejoinder", *args], env=env, check=True)


async def _admin_sql(statement: str) -> None:
    from sqlalchemy import text

    from rejoinder.storage.db import create_engine

    engine = create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            await connection.execute(text(statement))
    finally:
        await engine.dispose()


@asynccontextmanager
async def postgres_database_async(prefix: str = "bench") -> AsyncIterator[str]:
    """`postgres_database`, for benchmarks that run in an event loop."""
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    await _admin_sql(f'CREATE DATABASE "{name}"')
    try:
        yield f"{PG_SERVER}/{name}"
    finally:
        await _admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def postgres_database(prefix: str = "bench") -> Iterator[str]:
    """A throwaway PostgreSQL database (empty, not migrated) for one benchmark run; its URL."""
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    asyncio.run(_admin_sql(f'CREATE DATABASE "{name}"'))
    try:
        yield f"{PG_SERVER}/{name}"
    finally:
        asyncio.run(_admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


# Scoring on (length, words, links, model); duplicate and flood phases off: wrk is one client.
BENCH_SETTINGS = (
    '{"moderation": {"phases": ["length", "words", "links", "model", "premoderation"]}}'
)


def prepare_site(data_dir: Path, database_url: str | None = None) -> tuple[int, str]:
    """A migrated install (SQLite in `data_dir`, or `database_url`) with site `bench` on a free
    port: (port, origin)."""
    port = free_port()
    origin = f"http://127.0.0.1:{port}"
    rejoinder(data_dir, "db", "upgrade", database_url=database_url)
    rejoinder(data_dir, "site", "create", "bench", "--origin", origin, "--settings", BENCH_SETTINGS,
              database_url=database_url)  # fmt: skip
    return port, origin


def start_server(
    data_dir: Path, port: int, workers: int = 1, database_url: str | None = None
) -> subprocess.Popen[bytes]:
    env = _env(data_dir, database_url)
    command = [
        sys.executable,
        "-m",
        "rejoinder",
        "serve",
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]
    process = subprocess.Popen(command, env=env)
    wait_until_up(f"http://127.0.0.1:{port}/healthz")
    return process


def wait_until_up(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=1).status_code < 500:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


def start_nginx(root: Path, port: int, work: Path) -> subprocess.Popen[bytes] | None:
    """nginx serving `root` as static files, or None when nginx is not installed."""
    binary = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
    if binary is None:
        return None
    for folder in (work, root):
        folder.chmod(0o755)  # nginx workers run as an unprivileged user
    conf = work / "nginx.conf"
    conf.write_text(
        f"worker_processes 1; daemon off; pid {work}/nginx.pid; error_log {work}/error.log;\n"
        "events { worker_connections 1024; }\n"
        "http { access_log off; sendfile on; keepalive_requests 100000;\n"
        f"  server {{ listen 127.0.0.1:{port}; root {root}; default_type application/json; }} }}\n"
    )
    process = subprocess.Popen([binary, "-c", str(conf), "-p", str(work)])
    wait_until_up(f"http://127.0.0.1:{port}/")
    return process


def wrk(
    url: str,
    seconds: int,
    connections: int = 64,
    script: Path | None = None,
    headers: tuple[str, ...] = (),
) -> dict[str, Any]:
    """Requests/second and latency percentiles from one bounded wrk run on loopback."""
    assert url.startswith("http://127.0.0.1:")
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    for header in headers:
        command[1:1] = ["-H", header]
    if script is not None:
        command[1:1] = ["-s", str(script)]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return {
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),  # type: ignore[union-attr]
        "p50_ms": _latency(output, "50%"),
        "p99_ms": _latency(output, "99%"),
        "non_2xx": _count(output, r"Non-2xx or 3xx responses: (\d+)"),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),  # type: ignore[union-attr]
    }


def _count(output: str, pattern: str) -> int:
    match = re.search(pattern, output)
    return int(match.group(1)) if match else 0


def _latency(output: str, label: str) -> float:
    match = re.search(rf"{re.escape(label)}\s+([\d.]+)(us|ms|s)", output)
    if match is None:
        return float("nan")
    value, unit = float(match.group(1)), match.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def report(name: str, rows: list[dict[str, Any]], meta: dict[str, Any]) -> None:
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps({"meta": meta, "rows": rows}, indent=1))
    columns = list(rows[0])
    print(" | ".join(columns))
    print(" | ".join("---" for _ in columns))
    for row in rows:
        cells = (f"{row[c]:.1f}" if isinstance(row[c], float) else str(row[c]) for c in columns)
        print(" | ".join(cells))
