"""`rejoinder serve`: run the web server."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
import uvicorn

from rejoinder.cli._context import data_dir_option, load_settings
from rejoinder.config import Settings
from rejoinder.platform.logs import configure_logging
from rejoinder.platform.metrics import MULTIPROC_ENV

# On a stop, answers in progress get this long; live streams never end by themselves, so they
# are cut then, and their readers reconnect (to another app server, or to this one restarted).
GRACE_SECONDS = 5


@contextmanager
def metrics_dir() -> Iterator[None]:
    """Workers write their metrics here and /metrics adds them up (docs/operations.md).

    An operator's directory is emptied first (the files of a previous run would be counted);
    otherwise a fresh one is made, and removed once the server stops.
    """
    given = os.environ.get(MULTIPROC_ENV)
    if given:
        Path(given).mkdir(parents=True, exist_ok=True)  # a missing one would fail every scrape
        for stale in Path(given).glob("*.db"):
            stale.unlink()
        yield
        return
    made = tempfile.mkdtemp(prefix="rejoinder-metrics-")
    os.environ[MULTIPROC_ENV] = made  # before the workers start: they read it on import
    try:
        yield
    finally:
        del os.environ[MULTIPROC_ENV]
        shutil.rmtree(made, ignore_errors=True)


def unshared_state(settings: Settings, workers: int) -> str | None:
    """What several workers would each keep to themselves with this configuration, if anything.

    Everything else a worker relies on lives in the database (sessions, mutes, job leases).
    """
    if workers > 1 and not settings.redis_url:
        return (
            f"{workers} workers without Redis: each counts rate limits on its own, and live "
            "updates reach only the readers of the worker that took the comment. Set REDIS_URL "
            "(docs/scaling.md)."
        )
    return None


def serve_app(settings: Settings, host: str, port: int, workers: int) -> None:
    # No log config of uvicorn's own: its records reach ours (REJOINDER_LOG_FORMAT) instead,
    # in the workers' supervisor too.
    configure_logging(settings.log_format)
    warning = unshared_state(settings, workers)
    if warning is not None:
        logging.getLogger(__name__).warning(warning)
    if workers > 1:
        os.environ["REJOINDER_DATA_DIR"] = str(settings.data_dir)
        # Each worker process builds its own app (and engine) from the same environment.
        with metrics_dir():
            uvicorn.run(
                "rejoinder.app:create_app", factory=True, host=host, port=port, workers=workers,
                log_level="warning", log_config=None, proxy_headers=False,
                timeout_graceful_shutdown=GRACE_SECONDS,
            )  # fmt: skip
        return
    # Imported here: every other command starts without loading the web app (half a second).
    from rejoinder.app import create_app

    uvicorn.run(
        create_app(settings), host=host, port=port, log_level="warning", log_config=None,
        proxy_headers=False, timeout_graceful_shutdown=GRACE_SECONDS,
    )  # fmt: skip


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=int)
@data_dir_option
def serve(host: str, port: int, workers: int, data_dir: Path | None) -> None:
    """Serve the API and pages (run `rejoinder db upgrade` first)."""
    serve_app(load_settings(data_dir), host, port, workers)
