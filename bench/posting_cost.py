"""Where a post's CPU goes, against the budget the 1,000/s target leaves (issue 15, ADR 0026).

One `rejoinder serve` process runs Python on one core at a time: 1,000 comments a second leave
each post 1 ms of the event loop's CPU, everything included. This measures, per post:

- the whole post over HTTP: the server's CPU (all its threads, from /proc) for a `wrk -c64`
  posting load, divided by the comments stored;
- the same for a bare ASGI app on uvicorn that reads the same JSON bodies and answers 201: the
  floor of the HTTP server itself;
- in-process, the parts no design can leave out: the JSON body's validation, markdown and its
  sanitiser, the rule phases and the fast model (`fast` mode: all on the loop), and the
  accurate model's second pass (onnxruntime, on a thread of its own: its share is the fraction
  of comments in its band times its cost per comment).

Run: `.venv/bin/python -m bench.posting_cost` (BENCH_SECONDS=10 by default here). Needs wrk.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench._harness import free_port, prepare_site, report, start_server, wait_until_up, wrk
from bench.posting import POST_SCRIPT, _posting_env, _stored

SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
BODIES = 600
BUDGET_US = 1000.0  # of one core, per post, at 1,000 posts a second

# The openings and closings of bench/post.lua: the same realistic bodies.
OPENINGS = (
    "I read the whole piece twice and I still think the minister is dodging the real question.",
    "The figures in the third paragraph do not match what the council published last week.",
    "Good reporting, but the article leaves out what the opposition actually proposed.",
    "My town went through exactly this in 2019 and nobody learned anything from it.",
    "This is the first clear explanation of the deal I have seen anywhere, thank you.",
    "Whatever you think of the policy, the way it was pushed through was a disgrace.",
    "People keep saying the costs are small; ask anyone who pays the bills here.",
    "The interview with the nurse was the most honest part of the whole story.",
)
CLOSINGS = (
    "Would be good to see a follow-up in a month.",
    "Happy to be proven wrong if someone has the numbers.",
    "Let's see what the vote brings on Thursday.",
    "Reader {n}, for what it's worth.",
)


def bodies(count: int = BODIES) -> list[str]:
    made = random.Random(15)
    texts = []
    for n in range(1, count + 1):
        text = f"{OPENINGS[n % 8]} {CLOSINGS[n % 4].format(n=n)} ({n}/{made.randint(1, 10**6)})"
        if n % 5 == 0:
            text += f" Source: https://example.org/reports/{n}"
        texts.append(text)
    return texts


def _process_cpu(pid: int) -> float:
    """CPU seconds of `pid` and its children (a `serve` process and what it started)."""
    children = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True, check=False
    ).stdout.split()
    total = 0.0
    for each in [str(pid), *children]:
        try:
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def _cpu_per_request(process: subprocess.Popen[bytes], origin: str) -> tuple[float, int, float]:
    """(µs of the server's CPU per request, requests answered, requests/s) over one wrk run."""
    before = _process_cpu(process.pid)
    result = wrk(f"{origin}/", SECONDS, script=POST_SCRIPT)
    used = _process_cpu(process.pid) - before
    answered = result["requests"] - result["non_2xx"]
    return 1e6 * used / max(answered, 1), answered, result["requests_per_second"]


def _whole_post() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as work_dir:
        work = Path(work_dir)
        port, origin = prepare_site(work)
        _posting_env(origin)
        server = start_server(work, port)
        try:
            before = _stored(work, None)
            cpu_us, answered, rate = _cpu_per_request(server, origin)
        finally:
            server.terminate()
            server.wait()
        stored = _stored(work, None) - before
    assert stored >= answered, f"{answered} acknowledged, {stored} stored"
    return _row("the whole post over HTTP (rejoinder serve, SQLite)", cpu_us, f"{rate:.0f}/s")


def _bare_http() -> dict[str, Any]:
    port = free_port()
    origin = f"http://127.0.0.1:{port}"
    _posting_env(origin)
    command = [sys.executable, "-m", "uvicorn", "bench._bare_post:app", "--port", str(port),
               "--no-access-log", "--log-level", "warning"]  # fmt: skip
    root = Path(__file__).parent.parent
    server = subprocess.Popen(command, cwd=root)
    try:
        wait_until_up(f"{origin}/healthz")
        cpu_us, _answered, rate = _cpu_per_request(server, origin)
    finally:
        server.terminate()
        server.wait()
    return _row("a bare ASGI app on uvicorn, same bodies", cpu_us, f"{rate:.0f}/s")


def _per_call_us(work: Callable[[str], object], texts: list[str]) -> float:
    """CPU µs per text, all threads, the best of three passes."""
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        for text in texts:
            work(text)
        best = min(best, 1e6 * (time.process_time() - started) / len(texts))
    return best


def _row(part: str, cpu_us: float, note: str = "") -> dict[str, Any]:
    return {"part": part, "cpu_us_per_post": round(cpu_us, 1), "note": note}


def _parts() -> list[dict[str, Any]]:
    from rejoinder.domain.moderation import CommentFacts
    from rejoinder.http.schemas.comments import CommentIn
    from rejoinder.moderation import ModerationSettings, build_pipeline, load_default_model
    from rejoinder.services.comments import clean_body

    texts = bodies()
    payloads = {
        text: json.dumps({"body": text, "author_name": "Reader", "story_url": "https://x/flood"})
        for text in texts
    }
    settings = ModerationSettings.from_mapping(
        {"phases": ["length", "words", "links", "model", "premoderation"]}
    )
    fast = build_pipeline(settings, load_default_model("fast"))
    loop = asyncio.new_event_loop()

    def judged(text: str) -> None:
        loop.run_until_complete(fast.evaluate(CommentFacts(text=text, author_key="k")))

    model = load_default_model("accurate")
    fast_scores = {text: model.fast_scores(text) for text in texts}
    in_band = [text for text in texts if model.wants_accurate(fast_scores[text])]
    accurate_us = _per_call_us(lambda text: model.second_scored(text, fast_scores[text]), in_band)
    share = len(in_band) / len(texts)
    rows = [
        _row("JSON body and its validation (pydantic)",
             _per_call_us(lambda text: CommentIn.model_validate_json(payloads[text]), texts)),
        _row("markdown and its sanitiser", _per_call_us(clean_body, texts)),
        _row("rule phases and the fast model (on the loop)", _per_call_us(judged, texts)),
        _row("the accurate model (its own thread)", share * accurate_us,
             f"{share:.0%} of comments in its band, {accurate_us / 1000:.2f} ms each"),
    ]  # fmt: skip
    loop.close()
    return rows


def main() -> None:
    rows = [_whole_post(), _bare_http(), *_parts()]
    whole = rows[0]["cpu_us_per_post"]
    floor = sum(row["cpu_us_per_post"] for row in rows[1:])
    rows.append(_row("the parts above together (a floor for any design)", floor))
    rows.append(_row("everything else: FastAPI, the ORM, checks, batching", whole - floor))
    meta = {"seconds": SECONDS, "budget_us_per_post_at_1000_per_s": BUDGET_US}
    report("posting_cost", rows, meta)
    print(f"\nBudget at 1,000 posts/s in one process: {BUDGET_US:.0f} µs of CPU a post.")
    print(f"Measured: {whole:.0f} µs a post, {whole / BUDGET_US:.1f}x the budget.")


if __name__ == "__main__":
    main()
