"""Prometheus metrics: created once per process, as prometheus-client requires (docs/operations.md).

With `PROMETHEUS_MULTIPROC_DIR` set (`rejoinder serve --workers N` sets it) every worker writes
its values to files there and a scrape adds them up; otherwise they live in this process.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
CONTENT_TYPE = CONTENT_TYPE_LATEST
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

REQUESTS = Counter(
    "rejoinder_http_requests",
    "HTTP requests answered, by method, route template and status.",
    ["method", "route", "status"],
)
REQUEST_SECONDS = Histogram(
    "rejoinder_http_request_duration_seconds",
    "Time to answer an HTTP request, by method and route template.",
    ["method", "route"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
)
COMMENTS_POSTED = Counter(
    "rejoinder_comments_posted",
    "New comments by moderation outcome: published, pending, rejected or nudged.",
    ["outcome"],
)
MODERATION_SECONDS = Histogram(
    "rejoinder_moderation_scoring_seconds",
    "Time the moderation pipeline takes to judge a comment, an edit or an import.",
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
)
PAGE_CACHE = Counter(
    "rejoinder_page_cache_lookups",
    "Lookups of serialised comment pages, by result: hit or miss.",
    ["result"],
)
READ_DATABASE = Counter(
    "rejoinder_read_database",
    "Public reads (pages, replies, stories, counts) by the database that answered: replica, "
    "primary (signed in, or no replica) or fallback (the replica did not answer).",
    ["database"],
)
JOBS = Counter(
    "rejoinder_jobs",
    "Durable jobs by kind and outcome: enqueued, done, failed (to be retried) or dead.",
    ["kind", "outcome"],
)
JOB_SECONDS = Histogram(
    "rejoinder_job_duration_seconds",
    "Time a job took to run, by kind (successful runs).",
    ["kind"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
LIVE_CONNECTIONS = Gauge(
    "rejoinder_live_connections",
    "Readers holding a live-updates stream open (the sum over the processes).",
    multiprocess_mode="livesum",
)
JOB_QUEUE_AGE = Gauge(
    "rejoinder_job_queue_age_seconds",
    "How long the longest-waiting due job has waited (the largest over the processes).",
    multiprocess_mode="max",
)


def method_label(method: str) -> str:
    """Any other method would be a label value of a client's choosing: bounded to OTHER."""
    return method if method in METHODS else "OTHER"


@cache  # the label sets are bounded; `labels()` per request costs more than the count itself
def _request_series(method: str, route: str, status: int) -> tuple[Any, Any]:
    return REQUESTS.labels(method, route, str(status)), REQUEST_SECONDS.labels(method, route)


def observe_request(method: str, route: str, status: int, seconds: float) -> None:
    count, latency = _request_series(method_label(method), route, status)
    count.inc()
    latency.observe(seconds)


def comment_posted(outcome: str) -> None:
    COMMENTS_POSTED.labels(outcome).inc()


def job_outcome(kind: str, outcome: str, seconds: float | None = None) -> None:
    JOBS.labels(kind, outcome).inc()
    if seconds is not None:
        JOB_SECONDS.labels(kind).observe(seconds)


def live_connection(opened: bool) -> None:
    """A reader's live stream opened (True) or ended (False)."""
    if opened:
        LIVE_CONNECTIONS.inc()
    else:
        LIVE_CONNECTIONS.dec()


def job_queue_age(seconds: float) -> None:
    JOB_QUEUE_AGE.set(seconds)


def page_cache_lookup(hit: bool) -> None:
    PAGE_CACHE.labels("hit" if hit else "miss").inc()


@cache
def _read_series(database: str) -> Any:
    return READ_DATABASE.labels(database)


def read_from(database: str) -> None:
    _read_series(database).inc()


@contextmanager
def moderation_timer() -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        MODERATION_SECONDS.observe(time.perf_counter() - start)


def exposition() -> bytes:
    """The text format of every metric: summed over the workers in multiprocess mode."""
    if os.environ.get(MULTIPROC_ENV):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]  # unannotated upstream
        return generate_latest(registry)
    return generate_latest(REGISTRY)
