"""Live updates: comments on one story fanned out over Server-Sent Events to many open streams.

Run: `.venv/bin/python -m bench.live_fanout` (one `rejoinder serve` process on SQLite, 10,000
streams) and `.venv/bin/python -m bench.live_fanout --processes 2` (two processes on a throwaway
PostgreSQL database sharing Redis, 1,000 streams on each, comments posted on the first only);
add `--one-port` for one `rejoinder serve --workers 2` (two processes behind one port, 2,000
streams shared out by the kernel, the comments taken by whichever worker accepts them).

The site has the posting benchmark's moderation phases (`bench/_harness.BENCH_SETTINGS`: length,
words, links, model, premoderation). The streams are held by client processes of their own (two
by default; with one server on a machine of two cores or more, the server has the first core
and the clients the others) with bare asyncio protocols on uvloop: one raw HTTP/1.1 GET each,
and each chunk searched for `event: comment.published` and the comment's id, stamped with
CLOCK_MONOTONIC when it arrives (the clock is the machine's, so the stamps of every process
compare). Once every stream is open and has idled, the server's RSS (VmRSS) is read again;
then the comments are posted one every 0.5 s and each one's delay is taken, on every stream,
from the moment its POST was answered to the moment its event arrived (negative: the event came
before the answer). Every stream must get every comment. Targets: p99 < 1 s, < 20 KB of server
memory per stream.

RLIMIT_NOFILE is raised to its hard limit here and in the servers (one open file per stream).
With `--processes 2` the servers use `--redis-url` (default: the machine's Redis, database 11, so
the bus's `rejoinder:live:*` keys and the rate limits' `rl:*` keys stay apart from database 0's;
the pub/sub channel `rejoinder:live:messages` is the whole server's). The run deletes only its own
story's `rejoinder:live:seq:<id>` and `rejoinder:live:log:<id>` keys at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import multiprocessing
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, cast

import httpx

from bench._harness import (
    BENCH_SETTINGS,
    UNLIMITED_POSTING,
    free_port,
    prepare_site,
    report,
    wait_until_up,
)

PG_SERVER = "postgresql+asyncpg://postgres@127.0.0.1:5432"
REDIS_URL = "redis://127.0.0.1:6379/11"
STORY = "live"
EVENTS = f"/api/v1/sites/bench/stories/{STORY}/events"
COMMENTS = f"/api/v1/sites/bench/stories/{STORY}/comments"
CONNECTING = 200  # streams being opened at once by one client process (the listen backlog: 2048)
OPEN_SECONDS = 300.0
DELIVERY_SECONDS = 15.0  # after the last post, how long the streams get to receive everything
TARGET_P99_MS = 1000.0
TARGET_KB = 20.0
PUBLISHED = re.compile(rb'event: comment\.published\ndata: \{"comment":\{"id":(\d+)')


# -- the client processes: bare asyncio streams -----------------------------------------------


class _Stream(asyncio.Protocol):
    """One reader's event stream: when each published comment's event arrived."""

    def __init__(self, request: bytes, opened: asyncio.Future[bool]) -> None:
        self.request = request
        self.opened = opened
        self.transport: asyncio.Transport | None = None
        self.buffer = b""
        self.started = False
        self.lost = False
        self.seen: dict[int, float] = {}

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # uvloop's is not a subclass
        self.transport.write(self.request)

    def data_received(self, data: bytes) -> None:
        now = time.monotonic()
        buffer = self.buffer + data
        if not self.started:
            head = buffer.find(b"\r\n\r\n")
            if head < 0:
                self.buffer = buffer
                return
            self.started = True
            if not self.opened.done():
                self.opened.set_result(buffer.startswith(b"HTTP/1.1 200"))
            buffer = buffer[head + 4 :]
        end = buffer.rfind(b"\n\n")  # the last whole event; chunked framing lies between events
        if end < 0:
            self.buffer = buffer
            return
        for match in PUBLISHED.finditer(buffer, 0, end):
            self.seen.setdefault(int(match[1]), now)
        self.buffer = buffer[end + 2 :]

    def connection_lost(self, exc: Exception | None) -> None:
        self.lost = True
        if not self.opened.done():
            self.opened.set_result(False)


async def _open(port: int, origin: str, gate: asyncio.Semaphore, path: str) -> _Stream | None:
    loop = asyncio.get_running_loop()
    request = (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: {origin}\r\n"
        "Accept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n"
    ).encode()
    async with gate:
        opened: asyncio.Future[bool] = loop.create_future()
        try:
            _, stream = await asyncio.wait_for(
                loop.create_connection(lambda: _Stream(request, opened), "127.0.0.1", port), 30
            )
            ok = await asyncio.wait_for(opened, 60)
        except (OSError, TimeoutError):
            return None
    if not ok and stream.transport is not None:
        stream.transport.close()
    return stream if ok else None


def _complete(streams: list[_Stream], ids: list[int]) -> int:
    return sum(1 for s in streams if all(i in s.seen for i in ids))


async def _client(
    conn: Connection[Any, Any], targets: list[tuple[int, int]], origin: str, path: str
) -> None:
    """Open `count` streams of `path` to each (port, count); then answer the parent's commands."""
    loop = asyncio.get_running_loop()
    gate = asyncio.Semaphore(CONNECTING)
    started = time.monotonic()
    by_port: dict[int, list[_Stream]] = {}
    failed = 0
    for port, count in targets:
        opened = await asyncio.gather(*(_open(port, origin, gate, path) for _ in range(count)))
        by_port[port] = [s for s in opened if s is not None]
        failed += sum(1 for s in opened if s is None)
    conn.send({"open": {p: len(s) for p, s in by_port.items()}, "failed": failed,
               "seconds": time.monotonic() - started})  # fmt: skip
    everyone = [s for streams in by_port.values() for s in streams]
    while True:
        command, ids = await loop.run_in_executor(None, conn.recv)
        if command == "count":
            conn.send(_complete(everyone, ids))
        elif command == "collect":
            conn.send(
                {
                    port: {
                        "arrivals": {i: [s.seen[i] for s in streams if i in s.seen] for i in ids},
                        "complete": _complete(streams, ids),
                        "lost": sum(1 for s in streams if s.lost),
                    }
                    for port, streams in by_port.items()
                }
            )
        else:
            for stream in everyone:
                if stream.transport is not None:
                    stream.transport.close()
            await asyncio.sleep(0.5)
            conn.send("closed")
            return


def client_process(
    conn: Connection[Any, Any],
    targets: list[tuple[int, int]],
    origin: str,
    path: str = EVENTS,
    cpus: set[int] | None = None,
) -> None:
    """A process holding event streams (bench/capacity.py uses it too); on `cpus` if given."""
    if cpus:
        os.sched_setaffinity(0, cpus)
    try:
        import uvloop  # what `rejoinder serve` runs on too: the client's own cost kept low

        factory: Any = uvloop.new_event_loop
    except ImportError:
        factory = None
    with asyncio.Runner(loop_factory=factory) as runner:
        runner.run(_client(conn, targets, origin, path))


# -- the servers ------------------------------------------------------------------------------


def raise_file_limit() -> None:
    """Soft RLIMIT_NOFILE up to the hard limit (this process, then inherited by children)."""
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def split_cpus() -> tuple[set[int] | None, set[int] | None]:
    """(the server's CPUs, the clients' CPUs): apart when there are two or more, so that the
    clients reading 10,000 streams do not take the one server process's core."""
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) < 2:
        return None, None
    return {cpus[0]}, set(cpus[1:])


def _cli(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "-m", "rejoinder", *args], env=env, check=True)


@contextmanager
def serve_process(
    env: dict[str, str], port: int, log: Path, cpus: set[int] | None = None, workers: int = 1
) -> Iterator[subprocess.Popen[bytes]]:
    """`rejoinder serve` with the file limit raised (on `cpus` if given); its log to `log`.
    bench/capacity.py starts its servers with it too."""

    def prepare() -> None:
        raise_file_limit()
        if cpus:
            os.sched_setaffinity(0, cpus)

    command = [sys.executable, "-m", "rejoinder", "serve", "--port", str(port)]
    command += ["--workers", str(workers)]
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, env=env, stdout=output, stderr=subprocess.STDOUT, preexec_fn=prepare
        )
    try:
        try:
            wait_until_up(f"http://127.0.0.1:{port}/healthz")
        except RuntimeError:
            print(log.read_text()[-4000:], file=sys.stderr)
            raise
        print(f"server pid {process.pid} on port {port}", flush=True)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _rss_kb(pid: int) -> int:
    """The RSS of `pid` and of its children (the workers of `serve --workers N`)."""
    total = 0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            total += int(line.split()[1])
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            total += _rss_kb(int(child))
    return total


def _post(client: httpx.Client, base: str, origin: str, n: int) -> tuple[float, float, int]:
    """(sent, answered, comment id) of one guest comment."""
    body = {
        "body": f"Live benchmark comment {n}: a reader's considered view of the story, {n * 7919}.",
        "author_name": f"reader{n}",
        "story_url": f"{origin}/{STORY}",
    }
    sent = time.monotonic()
    answer = client.post(f"{base}{COMMENTS}", json=body)
    answered = time.monotonic()
    assert answer.status_code == 201, answer.text
    assert answer.json()["status"] == "published", answer.text
    return sent, answered, int(answer.json()["id"])


def _percentile(values: list[float], q: float) -> float:
    """Nearest rank of sorted `values`."""
    return values[max(0, math.ceil(q * len(values)) - 1)] if values else float("nan")


def _delivery(delays: list[float]) -> dict[str, float]:
    delays.sort()
    return {
        "p50_ms": _percentile(delays, 0.50),
        "p95_ms": _percentile(delays, 0.95),
        "p99_ms": _percentile(delays, 0.99),
        "max_ms": delays[-1] if delays else float("nan"),
    }


def _fan_out(
    servers: list[tuple[str, int, int]],
    origin: str,
    connections: int,
    comments: int,
    interval: float,
    clients: int,
    idle: float,
    client_cpus: set[int] | None = None,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Open the streams on every (name, port, pid), post on the first, measure; (rows, meta)."""
    base = f"http://127.0.0.1:{servers[0][1]}"
    http = httpx.Client(headers={"origin": origin}, timeout=30)
    _post(http, base, origin, 0)  # the story exists, the model is loaded: streams read it by id
    time.sleep(1)
    rss_before = {port: _rss_kb(pid) for _, port, pid in servers}
    context = multiprocessing.get_context("spawn")
    pipes: list[Connection[Any, Any]] = []
    children = []
    for c in range(clients):
        share = [(port, connections // clients + (c < connections % clients))
                 for _, port, _ in servers]  # fmt: skip
        parent, child = context.Pipe()
        process = context.Process(
            target=client_process, args=(child, share, origin, EVENTS, client_cpus)
        )
        process.start()
        pipes.append(parent)
        children.append(process)
    try:
        opening = [pipe.recv() for pipe in pipes]
        failed = sum(o["failed"] for o in opening)
        open_seconds = max(o["seconds"] for o in opening)
        print(f"{connections * len(servers) - failed} streams open in {open_seconds:.1f} s, "
              f"{failed} failed; idle {idle:.0f} s", flush=True)  # fmt: skip
        time.sleep(idle)
        rss_after = {port: _rss_kb(pid) for _, port, pid in servers}
        posts: list[tuple[float, float, int]] = []
        started = time.monotonic()
        for n in range(1, comments + 1):
            time.sleep(max(0.0, started + (n - 1) * interval - time.monotonic()))
            posts.append(_post(http, base, origin, n))
        ids = [comment_id for _, _, comment_id in posts]
        deadline = time.monotonic() + DELIVERY_SECONDS
        expected = connections * len(servers) - failed
        while time.monotonic() < deadline:
            for pipe in pipes:
                pipe.send(("count", ids))
            if sum(pipe.recv() for pipe in pipes) >= expected:
                break
            time.sleep(0.5)
        for pipe in pipes:
            pipe.send(("collect", ids))
        collected = [pipe.recv() for pipe in pipes]
    finally:
        for pipe in pipes:
            pipe.send(("close", []))
        for pipe, process in zip(pipes, children, strict=True):
            pipe.recv()
            process.join(timeout=30)
    http.close()

    answered = {comment_id: at for _, at, comment_id in posts}
    rows: list[dict[str, Any]] = []
    every: list[float] = []
    post_ms = {i: (a - s) * 1000 for s, a, i in posts}
    per_comment: dict[int, list[float]] = {i: [] for i in post_ms}
    for name, port, _ in servers:
        delays: list[float] = []
        complete = lost = 0
        for result in collected:
            mine = result[port]
            complete += mine["complete"]
            lost += mine["lost"]
            for i, times in mine["arrivals"].items():
                got = [(t - answered[i]) * 1000 for t in times]
                delays.extend(got)
                per_comment[i].extend(got)
        every.extend(delays)
        opened = sum(o["open"][port] for o in opening)
        rows.append({
            "server": name, "streams": opened, "got_every_event": complete,
            "events": len(delays), "missing": opened * comments - len(delays), **_delivery(delays),
            "rss_before_mb": rss_before[port] / 1024, "rss_after_mb": rss_after[port] / 1024,
            "kb_per_stream": (rss_after[port] - rss_before[port]) / max(opened, 1),
        })  # fmt: skip
    if len(servers) > 1:
        streams = sum(r["streams"] for r in rows)
        rows.append({
            "server": "both", "streams": streams,
            "got_every_event": sum(r["got_every_event"] for r in rows),
            "events": len(every), "missing": sum(r["missing"] for r in rows), **_delivery(every),
            "rss_before_mb": sum(r["rss_before_mb"] for r in rows),
            "rss_after_mb": sum(r["rss_after_mb"] for r in rows),
            "kb_per_stream": sum(rss_after[p] - rss_before[p] for _, p, _ in servers) / streams,
        })  # fmt: skip
    post_times = sorted(post_ms.values())
    meta = {
        "connections_per_process": connections,
        "comments": comments,
        "interval_s": interval,
        "client_processes": clients,
        "failed_to_open": failed,
        "open_seconds": open_seconds,
        "idle_seconds": idle,
        "post_answer_ms_p50": _percentile(post_times, 0.5),
        "post_answer_ms_max": post_times[-1],
        "target_p99_ms": TARGET_P99_MS,
        "target_kb_per_stream": TARGET_KB,
        "load_average": os.getloadavg(),
        "file_limit": resource.getrlimit(resource.RLIMIT_NOFILE),
        "per_comment": [
            {"id": i, "post_ms": post_ms[i], **_delivery(delays)}
            for i, delays in per_comment.items()
        ],
    }
    return rows, meta


# -- one process on SQLite, two on PostgreSQL and Redis ---------------------------------------


def _one_process(args: argparse.Namespace, work: Path) -> tuple[list[dict[str, Any]], Any]:
    port, origin = prepare_site(work / "data")
    env = {**os.environ, "REJOINDER_DATA_DIR": str(work / "data"),
           "REJOINDER_RATE_LIMITS": UNLIMITED_POSTING}  # fmt: skip
    env.pop("REDIS_URL", None)
    env.pop("REJOINDER_REDIS_URL", None)
    server_cpus, client_cpus = split_cpus()
    with serve_process(env, port, work / "server.log", server_cpus) as server:
        rows, meta = _fan_out([("sqlite, 1 process", port, server.pid)], origin,
                              args.connections or 10_000, args.comments, args.interval,
                              args.clients, args.idle, client_cpus)  # fmt: skip
    cpus = {"server_cpus": sorted(server_cpus or ()), "client_cpus": sorted(client_cpus or ())}
    return rows, {**meta, "database": "sqlite", "bus": "memory", **cpus}


async def _database(statement: str) -> None:
    from sqlalchemy import text

    from rejoinder.storage.db import create_engine

    admin = create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(statement))
    await admin.dispose()


async def _story_id(url: str) -> int:
    from sqlalchemy import text

    from rejoinder.storage.db import create_engine

    engine = create_engine(url)
    async with engine.connect() as connection:
        found = await connection.execute(
            text("SELECT id FROM stories WHERE key = :k"), {"k": STORY}
        )
        story_id = int(found.scalar_one())
    await engine.dispose()
    return story_id


def _forget_story(redis_url: str, story_id: int) -> None:
    """Delete this run's story keys of the live bus, and nothing else."""
    from redis import Redis

    client = Redis.from_url(redis_url)
    client.delete(f"rejoinder:live:seq:{story_id}", f"rejoinder:live:log:{story_id}")
    client.close()


def _two_processes(args: argparse.Namespace, work: Path) -> tuple[list[dict[str, Any]], Any]:
    name = f"bench_live_{uuid.uuid4().hex[:8]}"
    url = f"{PG_SERVER}/{name}"
    ports = [free_port(), free_port()]
    origin = f"http://127.0.0.1:{ports[0]}"
    env = {
        **os.environ,
        "REJOINDER_DATA_DIR": str(work / "data"),
        "REJOINDER_DATABASE_URL": url,
        "REDIS_URL": args.redis_url,
        "REJOINDER_SECRET_KEY": "live fan-out bench",
        "REJOINDER_RATE_LIMITS": UNLIMITED_POSTING,
    }
    env.pop("REJOINDER_REDIS_URL", None)
    asyncio.run(_database(f'CREATE DATABASE "{name}"'))
    try:
        _cli(env, "db", "upgrade")
        _cli(env, "site", "create", "bench", "--origin", origin, "--settings", BENCH_SETTINGS)
        with ExitStack() as stack:
            if args.one_port:  # `serve --workers 2`: the kernel shares the streams out
                two = serve_process(env, ports[0], work / "server.log", workers=2)
                one = stack.enter_context(two)
                named = [("2 workers on one port, postgresql+redis", ports[0], one.pid)]
                connections = 2 * (args.connections or 1_000)
            else:
                servers = [
                    stack.enter_context(serve_process(env, port, work / f"server-{n}.log"))
                    for n, port in enumerate(ports)
                ]
                named = [("A (posts), postgresql+redis", ports[0], servers[0].pid),
                         ("B, postgresql+redis", ports[1], servers[1].pid)]  # fmt: skip
                connections = args.connections or 1_000
            rows, meta = _fan_out(named, origin, connections, args.comments,
                                  args.interval, args.clients, args.idle)  # fmt: skip
        _forget_story(args.redis_url, asyncio.run(_story_id(url)))
    finally:
        asyncio.run(_database(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    return rows, {**meta, "database": "postgresql", "bus": "redis", "redis_url": args.redis_url,
                  "one_port": args.one_port}  # fmt: skip


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--processes", type=int, choices=(1, 2), default=1)
    each = "streams to each server process (default 10,000 with one, 1,000 with two)"
    parser.add_argument("--connections", type=int, default=0, help=each)
    parser.add_argument("--comments", type=int, default=20)
    parser.add_argument("--interval", type=float, default=0.5, help="seconds between two posts")
    parser.add_argument("--clients", type=int, default=2, help="client processes")
    one_port = "with --processes 2: one `serve --workers 2` on one port instead of two servers"
    parser.add_argument("--one-port", action="store_true", help=one_port)
    parser.add_argument("--idle", type=float, default=3.0, help="seconds idle before RSS is read")
    parser.add_argument("--redis-url", default=REDIS_URL)
    args = parser.parse_args(argv)
    raise_file_limit()
    with tempfile.TemporaryDirectory() as work_dir:
        if args.processes == 1:
            rows, meta = _one_process(args, Path(work_dir))
            name = "live_fanout"
        else:
            rows, meta = _two_processes(args, Path(work_dir))
            name = "live_fanout_one_port" if args.one_port else "live_fanout_redis"
    report(name, rows, meta)
    for row in rows:
        assert row["got_every_event"] == row["streams"], f"{row['server']}: a stream missed events"


if __name__ == "__main__":
    main()
