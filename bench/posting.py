"""Posting at 64 connections with moderation scoring on, on SQLite (one process) and on
PostgreSQL (one and two processes), beside Isso 0.14 (bench/isso_peer.py) with the same
realistic bodies (bench/post.lua); checks that none is lost, in either.

Run: `.venv/bin/python -m bench.posting`. Needs wrk. wrk is one client at 127.0.0.1, so the server
runs with the posting limits raised (REJOINDER_RATE_LIMITS below): this measures throughput, not
the limits, which would answer 429 after the tenth comment.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import httpx

from bench import isso_peer
from bench._harness import (
    UNLIMITED_POSTING,
    free_port,
    postgres_database,
    prepare_site,
    report,
    start_server,
    wrk,
)

SECONDS = 10


def _run(work: Path, database: str, workers: int, database_url: str | None) -> dict[str, Any]:
    port, origin = prepare_site(work, database_url)
    script = Path(__file__).parent / "post.lua"
    os.environ.update(
        ORIGIN=origin,
        POST_PATH="/api/v1/sites/bench/stories/flood/comments",
        STORY_URL=f"{origin}/flood",
        REJOINDER_RATE_LIMITS=UNLIMITED_POSTING,
    )
    server = start_server(work, port, workers=workers, database_url=database_url)
    try:
        result = wrk(f"{origin}/", SECONDS, script=script)
        story = httpx.get(f"{origin}/api/v1/sites/bench/stories/flood").json()
    finally:
        server.terminate()
        server.wait()
    acknowledged = result["requests"] - result["non_2xx"]
    assert story["comment_count"] >= acknowledged, "an acknowledged comment was lost"
    return {
        "database": database,
        "processes": workers,
        "comments_per_s": result["requests_per_second"],
        "p50_ms": result["p50_ms"],
        "p99_ms": result["p99_ms"],
        "acknowledged": acknowledged,
        "stored": story["comment_count"],
        "errors": result["non_2xx"],
    }


def _isso(work: Path) -> dict[str, Any]:
    """The peer, with the same bodies, connections and time."""
    port = free_port()
    origin = f"http://127.0.0.1:{port}"
    os.environ.update(PEER="isso", ORIGIN=origin, POST_PATH=isso_peer.POST_PATH)
    try:
        with isso_peer.isso_server(work, port) as database:
            result = wrk(f"{origin}/", SECONDS, script=Path(__file__).parent / "post.lua")
            count = isso_peer.stored(database)
    finally:
        del os.environ["PEER"]
    acknowledged = result["requests"] - result["non_2xx"]
    assert count >= acknowledged, "Isso lost an acknowledged comment"
    return {
        "database": "isso 0.14 (sqlite, gunicorn 2 sync workers)",
        "processes": 2,
        "comments_per_s": result["requests_per_second"],
        "p50_ms": result["p50_ms"],
        "p99_ms": result["p99_ms"],
        "acknowledged": acknowledged,
        "stored": count,
        "errors": result["non_2xx"],
    }


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as work_dir:
        work = Path(work_dir)
        rows.append(_run(work / "sqlite", "sqlite", 1, None))
        rows.append(_isso(work / "isso"))
        for workers in (1, 2):
            with postgres_database("bench_posting") as url:
                rows.append(_run(work / f"pg{workers}", "postgresql", workers, url))
    ratio = rows[0]["comments_per_s"] / rows[1]["comments_per_s"]
    for row in rows:
        row["ratio_to_isso"] = round(row["comments_per_s"] / rows[1]["comments_per_s"], 2)
    report("posting", rows, {"connections": 64, "seconds": SECONDS, "sqlite_to_isso": ratio})
    print(f"\nRejoinder on SQLite, one process: {ratio:.2f}x Isso (target: 3x, 1,000/s)")


if __name__ == "__main__":
    main()
