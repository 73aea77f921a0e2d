"""Moderation throughput and load time on one core.

Run: .venv/bin/python bench/bench_moderation.py   (writes bench/results/moderation.json)
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core, as promised in the model card
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import asyncio
import json
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "training")]

from seed_page import PAGE, parse_comments  # noqa: E402

from rejoinder.moderation import CommentFacts, ModerationSettings, build_pipeline  # noqa: E402
from rejoinder.moderation.scoring import Mode, load_model  # noqa: E402

COLD_LOAD = (
    "import sys, time; t = time.perf_counter(); "
    "from rejoinder.moderation.scoring import load_model; load_model(mode=sys.argv[1]); "
    "print(time.perf_counter() - t)"
)


def cold_load_seconds(mode: str) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    command = [sys.executable, "-c", COLD_LOAD, mode]
    return min(float(subprocess.check_output(command, env=env)) for _ in range(3))


def rate(function, items: list[str], seconds: float = 3.0) -> float:  # type: ignore[no-untyped-def]
    done, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        for item in items:
            function(item)
        done += len(items)
    return done / (time.perf_counter() - started)


def held_out_samples(count: int = 500) -> dict[str, list[str]]:
    """Held-out tweets (more of them sit in the uncertain band) and news comments."""
    from sources import load_all

    sources = {s.name: s for s in load_all()}
    return {name: sources[name].subset("test")[0][:count] for name in ("olid", "news")}


def percentiles_ms(function, items: list[str]) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Median and p99 of one call per comment, in milliseconds."""
    times = []
    for item in items:
        started = time.perf_counter()
        function(item)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return round(times[len(times) // 2], 2), round(times[int(len(times) * 0.99)], 2)


def measure(mode: Mode, corpora: dict[str, list[str]]) -> dict[str, object]:
    started = time.perf_counter()
    model = load_model(mode=mode)
    warm_load = time.perf_counter() - started
    pipeline = build_pipeline(ModerationSettings.from_mapping({}), model)
    loop = asyncio.new_event_loop()

    def evaluate(text: str) -> None:
        loop.run_until_complete(pipeline.evaluate(CommentFacts(text=text, author_key="a", now=0.0)))

    results: dict[str, object] = {
        "cold_import_and_load_seconds": round(cold_load_seconds(mode), 3),
        "warm_load_seconds": round(warm_load, 3),
    }
    for name, texts in corpora.items():
        reached = sum(model.reaches_accurate(t) for t in texts) / len(texts)
        results[f"{name}: share reaching the transformer"] = round(reached, 3)
        results[f"{name}: scores per second"] = round(rate(model.scores, texts))
        median, p99 = percentiles_ms(model.scores, texts)
        results[f"{name}: ms per comment, median / p99"] = f"{median} / {p99}"
        results[f"{name}: default pipeline per second"] = round(rate(evaluate, texts))
    transformer = model.accurate
    if transformer is not None:
        for name, texts in corpora.items():
            one_pass = 1000 / rate(lambda t: transformer.probabilities([t]), texts)
            results[f"{name}: one transformer pass, ms"] = round(one_pass, 1)
    results["page: scores and explanations per second"] = round(
        rate(lambda t: model.explain(t, "toxicity"), corpora["page"])
    )
    loop.close()
    return results


def main() -> None:
    page = [text for _, text in parse_comments(PAGE.read_text(encoding="utf-8"))]
    corpora = {"page": page, **held_out_samples()}
    results = {
        "python": platform.python_version(),
        "page_comments": len(page),
        "page_mean_comment_chars": round(sum(map(len, page)) / len(page)),
        "olid_comments": len(corpora["olid"]),
        "news_comments": len(corpora["news"]),
        "fast": measure("fast", corpora),
        "accurate": measure("accurate", corpora),
        "thorough": measure("thorough", corpora),
    }
    for mode in ("fast", "accurate", "thorough"):
        table: dict[str, object] = results[mode]  # type: ignore[assignment]
        width = max(map(len, table))
        print(f"\n{mode} mode")
        for key, value in table.items():
            print(f"  {key:<{width}}  {value}")
    out = ROOT / "bench" / "results" / "moderation.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
