"""Posting at 64 connections for 30 s with moderation scoring on, on SQLite (one process, and
two as Isso has) and on PostgreSQL (one and two processes), beside Isso 0.14
(bench/isso_peer.py) with the same realistic bodies (bench/post.lua); checks that none is lost,
in either: every acknowledged comment is counted in the database afterwards, whatever its
status. Then reads while writes run: the first page's p99 for 16 readers at an offered rate,
alone, and again with the posting load beside them.

Run: `.venv/bin/python -m bench.posting` (BENCH_SECONDS=10 for a quicker look). Needs wrk. wrk is
one client at 127.0.0.1, so the server runs with the posting limits raised
(REJOINDER_RATE_LIMITS below): this measures throughput, not the limits, which would answer 429
after the tenth comment.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import text

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
from rejoinder.storage.db import create_engine

SECONDS = int(os.environ.get("BENCH_SECONDS", "30"))
READERS = 16
THINK_MS = 20  # each reader pauses between pages: an offered rate (~600/s), not a flood
POST_SCRIPT = Path(__file__).parent / "post.lua"
READ_SCRIPT = Path(__file__).parent / "read_pages.lua"
FIRST_PAGE = "/api/v1/sites/bench/stories/flood/comments?sort=newest"


def _stored(work: Path, database_url: str | None) -> int:
    """Comments in the database, whatever their status (published, held, rejected)."""
    url = database_url or f"sqlite+aiosqlite:///{work / 'rejoinder.db'}"

    async def count() -> int:
        engine = create_engine(url)
        try:
            async with engine.connect() as connection:
                return int(
                    (await connection.execute(text("SELECT count(*) FROM comments"))).one()[0]
                )
        finally:
            await engine.dispose()

    return asyncio.run(count())


def _posting_env(origin: str) -> None:
    os.environ.update(
        ORIGIN=origin,
        POST_PATH="/api/v1/sites/bench/stories/flood/comments",
        STORY_URL=f"{origin}/flood",
        REJOINDER_RATE_LIMITS=UNLIMITED_POSTING,
    )


def _run(work: Path, database: str, workers: int, database_url: str | None) -> dict[str, Any]:
    port, origin = prepare_site(work, database_url)
    _posting_env(origin)
    server = start_server(work, port, workers=workers, database_url=database_url)
    try:
        result = wrk(f"{origin}/", SECONDS, script=POST_SCRIPT)
    finally:
        server.terminate()
        server.wait()
    acknowledged = result["requests"] - result["non_2xx"]
    stored = _stored(work, database_url)
    assert stored >= acknowledged, f"{acknowledged} acknowledged, {stored} stored: one was lost"
    return {
        "database": database,
        "processes": workers,
        "comments_per_s": result["requests_per_second"],
        "p50_ms": result["p50_ms"],
        "p99_ms": result["p99_ms"],
        "acknowledged": acknowledged,
        "stored": stored,
        "errors": result["non_2xx"],
    }


def _reads_beside_posting(work: Path) -> dict[str, Any]:
    """First-page p99 for 16 readers, each pausing THINK_MS between pages (SQLite, one process):
    alone, then with the posting load beside them."""
    port, origin = prepare_site(work, None)
    _posting_env(origin)
    server = start_server(work, port)
    seconds = max(SECONDS // 3, 5)
    try:
        for n in range(50):  # the story exists, with a first page to read
            httpx.post(
                f"{origin}/api/v1/sites/bench/stories/flood/comments",
                json={"body": f"Opening comment {n}.", "author_name": "Reader",
                      "story_url": f"{origin}/flood"},
                headers={"Origin": origin},
            ).raise_for_status()  # fmt: skip
        pages = work / "pages.txt"
        pages.write_text(FIRST_PAGE + "\n")
        os.environ.update(PAGES_FILE=str(pages), THINK_MS=str(THINK_MS))
        alone = wrk(f"{origin}/", seconds, connections=READERS, script=READ_SCRIPT)
        with ThreadPoolExecutor(2) as pool:
            posting = pool.submit(wrk, f"{origin}/", seconds, 64, POST_SCRIPT)
            reading = pool.submit(wrk, f"{origin}/", seconds, READERS, READ_SCRIPT)
            beside, posts = reading.result(), posting.result()
    finally:
        server.terminate()
        server.wait()
    return {
        "readers": READERS,
        "think_ms": THINK_MS,
        "first_page_alone_per_s": alone["requests_per_second"],
        "first_page_alone_p99_ms": alone["p99_ms"],
        "first_page_beside_posting_per_s": beside["requests_per_second"],
        "first_page_beside_posting_p99_ms": beside["p99_ms"],
        "posts_per_s_meanwhile": posts["requests_per_second"],
        "read_errors": alone["non_2xx"] + beside["non_2xx"],
    }


def _isso(work: Path) -> dict[str, Any]:
    """The peer, with the same bodies, connections and time."""
    port = free_port()
    origin = f"http://127.0.0.1:{port}"
    os.environ.update(PEER="isso", ORIGIN=origin, POST_PATH=isso_peer.POST_PATH)
    try:
        with isso_peer.isso_server(work, port) as database:
            result = wrk(f"{origin}/", SECONDS, script=POST_SCRIPT)
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
        rows.append(_run(work / "sqlite2", "sqlite", 2, None))  # two cores, as Isso's workers
        for workers in (1, 2):
            with postgres_database("bench_posting") as url:
                rows.append(_run(work / f"pg{workers}", "postgresql", workers, url))
        reads = _reads_beside_posting(work / "reads")
    ratio = rows[0]["comments_per_s"] / rows[1]["comments_per_s"]
    for row in rows:
        row["ratio_to_isso"] = round(row["comments_per_s"] / rows[1]["comments_per_s"], 2)
    meta = {"connections": 64, "seconds": SECONDS, "sqlite_to_isso": ratio, "reads": reads}
    report("posting", rows, meta)
    print(f"\nRejoinder on SQLite, one process: {ratio:.2f}x Isso (target: 3x, 1,000/s)")
    print("\nReads while writes run (SQLite, one process):")
    for name, value in reads.items():
        print(f"  {name}: {value}")


if __name__ == "__main__":
    main()
