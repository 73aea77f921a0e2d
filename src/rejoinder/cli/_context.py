"""Shared plumbing for commands: settings, an engine, one session per command."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import click
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.config import Settings
from rejoinder.domain.errors import RejoinderError
from rejoinder.services import background
from rejoinder.services.after_commit import run_effects
from rejoinder.services.runtime import Runtime
from rejoinder.storage.db import create_engine, session_factory
from rejoinder.storage.migrate import upgrade

T = TypeVar("T")

data_dir_option = click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where SQLite and the install secret live (default: REJOINDER_DATA_DIR or ./data).",
)


def load_settings(data_dir: Path | None) -> Settings:
    return Settings(data_dir=data_dir) if data_dir else Settings()


async def _in_transaction(
    settings: Settings, work: Callable[[AsyncSession, Runtime], Awaitable[T]], migrate: bool
) -> T:
    engine = create_engine(settings.resolved_database_url)
    try:
        if migrate:
            await upgrade(engine)
        runtime = Runtime(settings=settings, signing_key=settings.signing_key())
        async with session_factory(engine)() as session:
            result = await work(session, runtime)
            await session.commit()
            run_effects(session)
        await background.drain()  # mail the command queued goes out before the loop ends
        return result
    finally:
        await engine.dispose()


def run(
    settings: Settings,
    work: Callable[[AsyncSession, Runtime], Awaitable[T]],
    *,
    migrate: bool = False,
) -> T:
    """Run one unit of work in one transaction; domain errors become clean CLI errors."""
    if settings.database_url is None:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    try:
        return asyncio.run(_in_transaction(settings, work, migrate))
    except RejoinderError as error:
        raise click.ClickException(error.message) from error
