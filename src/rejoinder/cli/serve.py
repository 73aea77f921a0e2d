"""`rejoinder serve`: run the web server."""

from __future__ import annotations

import os
from pathlib import Path

import click
import uvicorn

from rejoinder.app import create_app
from rejoinder.cli._context import data_dir_option, load_settings
from rejoinder.config import Settings


def serve_app(settings: Settings, host: str, port: int, workers: int) -> None:
    if workers > 1:
        os.environ["REJOINDER_DATA_DIR"] = str(settings.data_dir)
        # Each worker process builds its own app (and engine) from the same environment.
        uvicorn.run(
            "rejoinder.app:create_app", factory=True, host=host, port=port, workers=workers,
            log_level="warning", proxy_headers=False,
        )  # fmt: skip
        return
    uvicorn.run(
        create_app(settings), host=host, port=port, log_level="warning", proxy_headers=False
    )


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=int)
@data_dir_option
def serve(host: str, port: int, workers: int, data_dir: Path | None) -> None:
    """Serve the API and pages (run `rejoinder db upgrade` first)."""
    serve_app(load_settings(data_dir), host, port, workers)
