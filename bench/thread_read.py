"""A 500-comment story's first page at 64 connections: Rejoinder vs nginx serving the same bytes.

Run: `make bench` (or `.venv/bin/python -m bench.thread_read`). Needs wrk; nginx is optional.
"""

from __future__ import annotations

import os
import statistics
import tempfile
from pathlib import Path
from typing import Any

import httpx

from bench._harness import (
    UNLIMITED_POSTING,
    free_port,
    postgres_database,
    prepare_site,
    report,
    start_nginx,
    start_server,
    wrk,
)

ROOTS, REPLIES_EACH, RUNS, SECONDS = 100, 4, 3, 8


def seed(base: str, origin: str) -> str:
    """100 top-level comments with 4 replies each: 500 comments on the first page."""
    url = f"{base}/api/v1/sites/bench/stories/big/comments"
    with httpx.Client(headers={"origin": origin}, timeout=30) as client:
        for n in range(ROOTS):
            body = {
                "body": f"Top-level comment {n} with **some** text about the story, "
                "long enough to look like a real reader's point of view.",
                "author_name": f"reader{n}",
                "story_url": f"{origin}/big",
            }
            parent = client.post(url, json=body).json()["id"]
            for r in range(REPLIES_EACH):
                reply = {
                    "body": f"Reply {r} to {n}: a considered answer.",
                    "author_name": "r",
                    "parent_id": parent,
                }
                assert client.post(url, json=reply).status_code == 201
    return f"{url}?sort=oldest&limit=100"


GZIP = ("Accept-Encoding: gzip",)  # what browsers send: the page compressed once per version


def measure(name: str, url: str, headers: tuple[str, ...] = ()) -> dict[str, Any]:
    runs = [wrk(url, SECONDS, headers=headers) for _ in range(RUNS)]
    median = statistics.median(r["requests_per_second"] for r in runs)
    return {
        "server": name,
        "req_per_s_median": median,
        "p50_ms": statistics.median(r["p50_ms"] for r in runs),
        "p99_ms": statistics.median(r["p99_ms"] for r in runs),
        "non_2xx": sum(r["non_2xx"] for r in runs),
    }


def _on_postgresql(work: Path, url: str) -> list[dict[str, Any]]:
    """The same page from an install on PostgreSQL, one process and two."""
    port, origin = prepare_site(work, url)
    rows, page_url = [], ""
    for workers in (1, 2):
        server = start_server(work, port, workers=workers, database_url=url)
        try:
            page_url = page_url or seed(origin, origin)
            rows.append(measure(f"rejoinder on PostgreSQL ({workers} worker(s))", page_url))
        finally:
            server.terminate()
            server.wait()
    return rows


def main() -> None:
    with tempfile.TemporaryDirectory() as work_dir:
        work = Path(work_dir)
        port, origin = prepare_site(work / "data")
        os.environ["REJOINDER_RATE_LIMITS"] = UNLIMITED_POSTING  # seeding is one client
        rows = []
        server = start_server(work / "data", port)
        try:
            page_url = seed(origin, origin)
            body = httpx.get(page_url).content
            rows.append(measure("rejoinder (uvicorn, 1 worker)", page_url))
            rows.append(measure("rejoinder (uvicorn, 1 worker, gzip)", page_url, GZIP))
        finally:
            server.terminate()
            server.wait()
        server = start_server(work / "data", port, workers=2)
        try:
            rows.append(measure("rejoinder (uvicorn, 2 workers)", page_url))
        finally:
            server.terminate()
            server.wait()
        with postgres_database("bench_thread_read") as url:
            rows += _on_postgresql(work / "pg", url)
        (work / "static").mkdir()
        (work / "static" / "page.json").write_bytes(body)
        nginx_port = free_port()
        nginx = start_nginx(work / "static", nginx_port, work)
        if nginx is not None:
            try:
                rows.append(
                    measure("nginx (same bytes)", f"http://127.0.0.1:{nginx_port}/page.json")
                )
            finally:
                nginx.terminate()
                nginx.wait()
            base = rows[-1]["req_per_s_median"]
            for row in rows:
                row["ratio_to_nginx"] = round(row["req_per_s_median"] / base, 3)
        meta = {
            "page_bytes": len(body),
            "comments_on_page": ROOTS * (1 + REPLIES_EACH),
            "connections": 64,
            "runs": RUNS,
            "seconds_per_run": SECONDS,
        }
        report("thread_read", rows, meta)
        print(f"\npage: {len(body)} bytes, {ROOTS * (1 + REPLIES_EACH)} comments")


if __name__ == "__main__":
    main()
