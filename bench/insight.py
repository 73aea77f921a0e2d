"""Discussion insight: the cost of `analyse()` on 1,000 and 10,000 synthetic comments, one core.

Run: `.venv/bin/python -m bench.insight` (writes bench/results/insight.json). The comments come
from rejoinder.insight.synthetic (five positions, a tenth noise); the BLAS and OpenMP pools are
held to one thread, as a job worker has one core. Each size runs REPEATS times; the median wins.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

from bench._harness import report
from rejoinder.insight.analyse import analyse
from rejoinder.insight.replies import infer_replies
from rejoinder.insight.synthetic import discussion
from rejoinder.insight.temperature import temperature
from rejoinder.insight.viewpoints import find_viewpoints

SIZES = (1_000, 10_000)
REPEATS = 3


def median_seconds(run: Any, repeats: int = REPEATS) -> float:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def main() -> None:
    rows: list[dict[str, Any]] = []
    with threadpool_limits(limits=1):
        for size in SIZES:
            comments = discussion(size, seed=size, positions=5).comments
            insight = analyse(comments)
            rows.append(
                {
                    "comments": size,
                    "analyse ms": 1000 * median_seconds(lambda c=comments: analyse(c)),
                    "viewpoints ms": 1000 * median_seconds(lambda c=comments: find_viewpoints(c)),
                    "replies ms": 1000 * median_seconds(lambda c=comments: infer_replies(c)),
                    "temperature ms": 1000 * median_seconds(lambda c=comments: temperature(c)),
                    "viewpoints": len(insight.viewpoints),
                    "intervals": len(insight.temperature),
                }
            )
    report("insight", rows, {"repeats": REPEATS, "threads": 1, "generator": "synthetic"})


if __name__ == "__main__":
    main()
