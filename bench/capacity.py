"""Capacity: a mixed load on a hot story (readers paging, live listeners, posters, likes), stepped
up until first-page reads miss p99 < 100 ms or anything fails; on SQLite and on PostgreSQL +
Redis, one app process and two (`rejoinder serve --workers 2`, one port).

Run: `.venv/bin/python -m bench.capacity` (all four set-ups, about 8 minutes; needs wrk), or
`--setup sqlite-1` (`sqlite-1`, `sqlite-2`, `postgresql-1`, `postgresql-2`) for one of them.
Writes bench/results/capacity.json; docs/capacity.md gives the figures and how to read them.

The story holds 600 comments (200 top-level, two replies each). Each step runs for
`STEP_SECONDS` with, at once:
- readers: wrk offering `reads_per_s` page reads a second (a connection per 50, each pausing
  between an answer and its next request), in turn the first page in the three sorts and the
  next five pages of the oldest-first thread (gzip, as browsers ask);
- live listeners: streams of the story's events, held by a client process of their own; every
  one must receive every comment published during the step;
- posters: new comments at `posts_per_minute`, each from its own address (X-Forwarded-For
  from a trusted proxy, as behind nginx), with the posting benchmark's moderation phases on;
- likes: at `likes_per_minute`, each from its own address, on the story's comments.
A step passes when page reads have p99 < 100 ms and no errors, every post is answered 201 and
every like 200, and every listener got every comment. Redis: database 12 of the machine's Redis
(flushed at the start of each set-up that uses it); PostgreSQL: a throwaway database.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import os
import random
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import httpx

from bench._harness import (
    BENCH_SETTINGS,
    free_port,
    postgres_database,
    rejoinder,
    report,
    wrk,
)
from bench.live_fanout import client_process, raise_file_limit, serve_process, split_cpus

STEP_SECONDS = 10
STORY = "hot"
SITE = "/api/v1/sites/bench"
EVENTS = f"{SITE}/stories/{STORY}/events"
REDIS_URL = "redis://127.0.0.1:6379/12"
PAGE_P99_MS = 100.0
ROOTS, REPLIES = 200, 2
# Every limit a benchmark reaches from one machine, raised: this measures capacity, not limits.
LIMITS = (
    '{"post.ip": "10000000/60", "post.net": "10000000/60", "post.story": "10000000/60",'
    ' "react.ip": "10000000/60", "react.net": "10000000/60", "react.comment": "10000000/60",'
    ' "react.story": "10000000/60"}'
)


@dataclass(frozen=True)
class Level:
    reads_per_s: int  # offered page reads a second (wrk connections, each pausing between reads)
    posts_per_minute: int
    likes_per_minute: int
    listeners: int

    @property
    def connections(self) -> int:
        return max(2, self.reads_per_s // READS_PER_CONNECTION)


READS_PER_CONNECTION = 50
LEVELS = (
    Level(100, 30, 60, 500),
    Level(200, 60, 120, 1000),
    Level(300, 90, 180, 1500),
    Level(400, 120, 240, 2000),
    Level(600, 180, 360, 3000),
    Level(800, 240, 480, 4000),
    Level(1200, 360, 720, 6000),
    Level(1600, 480, 960, 8000),
)


@dataclass(frozen=True)
class Setup:
    name: str
    database: str  # sqlite | postgresql
    processes: int

    @property
    def uses_redis(self) -> bool:
        return self.database == "postgresql" or self.processes > 1


SETUPS = {
    s.name: s
    for s in (
        Setup("sqlite-1", "sqlite", 1),
        Setup("sqlite-2", "sqlite", 2),
        Setup("postgresql-1", "postgresql", 1),
        Setup("postgresql-2", "postgresql", 2),
    )
}


# -- the install ------------------------------------------------------------------------------


def _environment(work: Path, setup: Setup, database_url: str | None) -> dict[str, str]:
    env = {**os.environ, "REJOINDER_DATA_DIR": str(work), "REJOINDER_RATE_LIMITS": LIMITS,
           "REJOINDER_TRUSTED_PROXIES": '["127.0.0.1"]',
           "REJOINDER_SECRET_KEY": "capacity bench"}  # fmt: skip
    for name in ("REDIS_URL", "REJOINDER_REDIS_URL", "REJOINDER_DATABASE_URL"):
        env.pop(name, None)
    if database_url is not None:
        env["REJOINDER_DATABASE_URL"] = database_url
    if setup.uses_redis:
        env["REDIS_URL"] = REDIS_URL
    return env


def _flush_redis() -> None:
    from redis import Redis

    client = Redis.from_url(REDIS_URL)
    client.flushdb()
    client.close()


def _address(n: int) -> str:
    return f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"


def _seed(base: str, origin: str) -> list[int]:
    """The hot story's 600 comments; their ids."""
    url = f"{base}{SITE}/stories/{STORY}/comments"
    ids: list[int] = []
    with httpx.Client(headers={"origin": origin}, timeout=30) as client:
        for n in range(ROOTS):
            body = {"body": f"Reader view {n}: the alliance matters, and so does talking to the "
                    "neighbours; here is why I think so.", "author_name": f"reader{n}",
                    "story_url": f"{origin}/{STORY}"}  # fmt: skip
            answer = client.post(url, json=body, headers={"x-forwarded-for": _address(n)})
            assert answer.status_code == 201, answer.text
            ids.append(answer.json()["id"])
            for r in range(REPLIES):
                reply = {"body": f"Reply {r} to {n}: a considered answer.", "author_name": "r",
                         "parent_id": ids[-1 - r]}  # fmt: skip
                forwarded = {"x-forwarded-for": _address(100_000 + n * REPLIES + r)}
                answer = client.post(url, json=reply, headers=forwarded)
                assert answer.status_code == 201, answer.text
                ids.append(answer.json()["id"])
    return ids


def _page_paths(base: str, origin: str, work: Path) -> Path:
    """The pages a reader reads, one path per line, for read_pages.lua."""
    url = f"{SITE}/stories/{STORY}/comments"
    paths = [f"{url}?sort={sort}&limit=50" for sort in ("newest", "oldest", "top")]
    cursor = httpx.get(f"{base}{paths[1]}", headers={"origin": origin}).json()["next_cursor"]
    for _ in range(5):
        if cursor is None:
            break
        paths.append(f"{url}?sort=oldest&limit=50&cursor={cursor}")
        cursor = httpx.get(f"{base}{paths[-1]}", headers={"origin": origin}).json()["next_cursor"]
    file = work / "pages.txt"
    file.write_text("\n".join(paths) + "\n")
    return file


# -- one step ---------------------------------------------------------------------------------


@dataclass
class Writes:
    """What the posters and likers did during a step."""

    published: list[tuple[float, int]]  # (answered at, comment id) of each published post
    post_ms: list[float]
    post_errors: int = 0
    likes: int = 0
    like_errors: int = 0


def _paced(per_minute: int, seconds: float, act: Any) -> None:
    """Call act(n) `per_minute` times a minute for `seconds`, on schedule (an open loop)."""
    if per_minute <= 0:
        return
    interval = 60.0 / per_minute
    started = time.monotonic()
    for n in range(int(seconds / interval)):
        time.sleep(max(0.0, started + n * interval - time.monotonic()))
        act(n)


def _writers(base: str, origin: str, level: Level, ids: list[int], step: int) -> tuple[
    list[threading.Thread], Writes
]:  # fmt: skip
    writes = Writes(published=[], post_ms=[])
    url = f"{base}{SITE}/stories/{STORY}/comments"
    posting = httpx.Client(headers={"origin": origin}, timeout=30)
    liking = httpx.Client(headers={"origin": origin}, timeout=30)
    chooser = random.Random(step)

    def post(n: int) -> None:
        unique = step * 1_000_000 + n
        body = {
            "body": f"Live reader {unique}: a new thought on the story, with a reason or two "
            "behind it.",
            "author_name": f"poster{unique}",
            "story_url": f"{origin}/{STORY}",
        }
        sent = time.monotonic()
        try:
            answer = posting.post(url, json=body, headers={"x-forwarded-for": _address(unique)})
        except httpx.HTTPError:
            writes.post_errors += 1
            return
        writes.post_ms.append((time.monotonic() - sent) * 1000)
        if answer.status_code != 201:
            writes.post_errors += 1
        elif answer.json()["status"] == "published":
            writes.published.append((time.monotonic(), answer.json()["id"]))

    def like(n: int) -> None:
        comment = chooser.choice(ids)
        address = _address(5_000_000 + step * 100_000 + n)
        try:
            answer = liking.post(f"{base}{SITE}/comments/{comment}/reactions",
                                 json={"kind": "like"},
                                 headers={"x-forwarded-for": address})  # fmt: skip
        except httpx.HTTPError:
            writes.like_errors += 1
            return
        writes.likes += 1
        writes.like_errors += answer.status_code != 200

    threads = [
        threading.Thread(target=_paced, args=(level.posts_per_minute, STEP_SECONDS, post)),
        threading.Thread(target=_paced, args=(level.likes_per_minute, STEP_SECONDS, like)),
    ]
    return threads, writes


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)] if ordered else float("nan")


@contextmanager
def _listeners(port: int, origin: str, count: int) -> Iterator[Any]:
    """`count` open event streams in a client process of their own; its pipe."""
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe()
    process = context.Process(target=client_process, args=(child, [(port, count)], origin, EVENTS))
    process.start()
    try:
        opened = parent.recv()
        yield parent, opened
    finally:
        parent.send(("close", []))
        parent.recv()
        process.join(timeout=30)


def _step(base: str, port: int, origin: str, level: Level, pages: Path, ids: list[int],
          step: int) -> dict[str, Any]:  # fmt: skip
    os.environ["PAGES_FILE"] = str(pages)
    os.environ["THINK_MS"] = str(1000 * level.connections // level.reads_per_s)
    script = Path(__file__).parent / "read_pages.lua"
    with _listeners(port, origin, level.listeners) as (pipe, opened):
        threads, writes = _writers(base, origin, level, ids, step)
        for thread in threads:
            thread.start()
        reads = wrk(f"{base}/", STEP_SECONDS, connections=level.connections, script=script)
        for thread in threads:
            thread.join()
        time.sleep(2)  # the last comment's events on their way
        published = [comment_id for _, comment_id in writes.published]
        pipe.send(("collect", published))
        arrivals = pipe.recv()[port]
    answered = dict((i, at) for at, i in writes.published)
    delays = [(t - answered[i]) * 1000 for i, times in arrivals["arrivals"].items() for t in times]
    streams = opened["open"][port]
    missing = streams * len(published) - len(delays) + opened["failed"] * len(published)
    row = {
        **asdict(level),
        "page_reads_per_s": reads["requests_per_second"],
        "page_p50_ms": reads["p50_ms"],
        "page_p99_ms": reads["p99_ms"],
        "page_errors": reads["non_2xx"],
        "posts": len(writes.post_ms),
        "post_p99_ms": _percentile(writes.post_ms, 0.99),
        "post_errors": writes.post_errors,
        "likes": writes.likes,
        "like_errors": writes.like_errors,
        "listeners_open": streams,
        "listen_failed": opened["failed"],
        "events_missing": missing,
        "event_p99_ms": _percentile(delays, 0.99),
    }
    row["passed"] = (
        row["page_p99_ms"] < PAGE_P99_MS
        and row["page_errors"] == 0
        and row["post_errors"] == 0
        and row["like_errors"] == 0
        and missing == 0
    )
    return row


def run_setup(setup: Setup, work: Path) -> list[dict[str, Any]]:
    """Every level against one set-up, until one fails."""
    with _database(setup) as database_url:
        env = _environment(work, setup, database_url)
        if setup.uses_redis:
            _flush_redis()
        port = free_port()
        origin = f"http://127.0.0.1:{port}"
        rejoinder(work, "db", "upgrade", database_url=database_url)
        rejoinder(work, "site", "create", "bench", "--origin", origin, "--settings",
                  BENCH_SETTINGS, database_url=database_url)  # fmt: skip
        # One process gets a core of its own, the load (wrk, listeners, posters) the others;
        # two processes share the machine with the load, as they would with nginx in front.
        server_cpus, load_cpus = split_cpus() if setup.processes == 1 else (None, None)
        everything = os.sched_getaffinity(0)
        if load_cpus:
            os.sched_setaffinity(0, load_cpus)  # inherited by wrk and the listeners' process
        try:
            rows = _run_levels(setup, env, port, origin, work, server_cpus)
        finally:
            os.sched_setaffinity(0, everything)
    return rows


def _run_levels(
    setup: Setup, env: dict[str, str], port: int, origin: str, work: Path,
    server_cpus: set[int] | None,
) -> list[dict[str, Any]]:  # fmt: skip
    log = work / f"{setup.name}.log"
    with serve_process(env, port, log, server_cpus, workers=setup.processes):
        ids = _seed(origin, origin)
        pages = _page_paths(origin, origin, work)
        rows = []
        for step, level in enumerate(LEVELS):
            row = {"setup": setup.name, **_step(origin, port, origin, level, pages, ids, step)}
            rows.append(row)
            print(_line(row), flush=True)
            if not row["passed"]:
                break
    return rows


@contextmanager
def _database(setup: Setup) -> Iterator[str | None]:
    if setup.database == "sqlite":
        yield None
        return
    with postgres_database("bench_capacity") as url:
        yield url


def _line(row: dict[str, Any]) -> str:
    return (f"{row['setup']}: {row['page_reads_per_s']:.0f} reads/s "
            f"p99 {row['page_p99_ms']:.1f} ms, {row['posts']} posts, {row['likes']} likes, "
            f"{row['listeners_open']} listeners (events p99 {row['event_p99_ms']:.0f} ms, "
            f"{row['events_missing']} missing) -> {'pass' if row['passed'] else 'FAIL'}"
            )  # fmt: skip


def summary(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per set-up: the highest level that passed."""
    best: dict[str, dict[str, Any]] = {}
    for row in rows:
        if row["passed"]:
            best[row["setup"]] = row
    return [
        {"setup": name, "page_reads_per_s": r["page_reads_per_s"],
         "page_p99_ms": r["page_p99_ms"], "posts_per_minute": r["posts_per_minute"],
         "likes_per_minute": r["likes_per_minute"], "listeners": r["listeners"],
         "event_p99_ms": r["event_p99_ms"]}
        for name, r in best.items()
    ]  # fmt: skip


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--setup", choices=sorted(SETUPS), action="append")
    args = parser.parse_args(argv)
    raise_file_limit()
    rows: list[dict[str, Any]] = []
    for name in args.setup or list(SETUPS):
        with tempfile.TemporaryDirectory() as work_dir:
            rows += run_setup(SETUPS[name], Path(work_dir))
    meta = {
        "step_seconds": STEP_SECONDS,
        "story_comments": ROOTS * (1 + REPLIES),
        "page_p99_target_ms": PAGE_P99_MS,
        "levels": [asdict(level) for level in LEVELS],
        "cpus": os.cpu_count(),
        "load_average_after": os.getloadavg(),
        "held": summary(rows),
    }
    report("capacity", rows, meta)


if __name__ == "__main__":
    main()
