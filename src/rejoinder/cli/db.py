"""`rejoinder db upgrade`: apply migrations."""

from __future__ import annotations

import asyncio
from pathlib import Path

import click

from rejoinder.cli._context import data_dir_option, load_settings
from rejoinder.storage.db import create_engine
from rejoinder.storage.migrate import upgrade as upgrade_to


@click.group()
def db() -> None:
    """Database maintenance."""


@db.command()
@data_dir_option
@click.option("--revision", default="head", show_default=True)
def upgrade(data_dir: Path | None, revision: str) -> None:
    """Apply migrations up to REVISION (never loses data)."""
    settings = load_settings(data_dir)
    if settings.database_url is None:
        settings.data_dir.mkdir(parents=True, exist_ok=True)

    async def go() -> None:
        engine = create_engine(settings.resolved_database_url, settings.sqlite_synchronous)
        try:
            await upgrade_to(engine, revision)
        finally:
            await engine.dispose()

    asyncio.run(go())
    click.echo(f"Database is at revision {revision}.")
