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
from rejoinder.moderation.scoring import load_model  # noqa: E402

COLD_LOAD = (
    "import time; t = time.perf_counter(); "
    "from rejoinder.moderation.scoring import load_model; load_model(); "
    "print(time.perf_counter() - t)"
)


def cold_load_seconds() -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    runs = [
        float(subprocess.check_output([sys.executable, "-c", COLD_LOAD], env=env)) for _ in range(3)
    ]
    return min(runs)


def rate(function, items: list[str], seconds: float = 3.0) -> float:  # type: ignore[no-untyped-def]
    done, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        for item in items:
            function(item)
        done += len(items)
    return done / (time.perf_counter() - started)


def main() -> None:
    texts = [text for _, text in parse_comments(PAGE.read_text(encoding="utf-8"))]
    started = time.perf_counter()
    model = load_model()
    warm_load = time.perf_counter() - started
    pipeline = build_pipeline(ModerationSettings.from_mapping({}), model)
    loop = asyncio.new_event_loop()

    def evaluate(text: str) -> None:
        loop.run_until_complete(pipeline.evaluate(CommentFacts(text=text, author_key="a", now=0.0)))

    results = {
        "python": platform.python_version(),
        "comments": len(texts),
        "mean_comment_chars": round(sum(map(len, texts)) / len(texts)),
        "cold_import_and_load_seconds": round(cold_load_seconds(), 3),
        "warm_load_seconds": round(warm_load, 3),
        "scores_per_second": round(rate(model.scores, texts)),
        "scores_and_explanations_per_second": round(
            rate(lambda t: model.explain(t, "toxicity"), texts)
        ),
        "default_pipeline_per_second": round(rate(evaluate, texts)),
    }
    loop.close()
    width = max(map(len, results))
    for key, value in results.items():
        print(f"{key:<{width}}  {value}")
    out = ROOT / "bench" / "results" / "moderation.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
