"""Shared plumbing for commands: settings, an engine, the runtime, one session per command."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import click
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.config import Settings
from rejoinder.domain.errors import RejoinderError
from rejoinder.platform import background
from rejoinder.services.after_commit import run_effects
from rejoinder.services.runtime import Runtime
from rejoinder.services.wiring import build_runtime, close_runtime
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
    engine = create_engine(settings.resolved_database_url, settings.sqlite_synchronous)
    try:
        if migrate:
            await upgrade(engine)
        sessions = session_factory(engine)
        runtime = build_runtime(settings, sessions)  # as the app's: Redis counters only if set
        try:
            async with sessions() as session:
                result = await work(session, runtime)
                await session.commit()
                run_effects(session)
            await background.drain()  # work the command started ends before the loop does
            return result
        finally:
            await close_runtime(runtime)
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
