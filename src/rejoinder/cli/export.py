"""`rejoinder export --site S`: a site's discussions as JSON on stdout."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.cli._context import data_dir_option, load_settings, run
from rejoinder.services import exporting
from rejoinder.services.runtime import Runtime


@click.command()
@click.option("--site", required=True, help="Site slug.")
@click.option("--story", default=None, help="Only this story.")
@data_dir_option
def export(site: str, story: str | None, data_dir: Path | None) -> None:
    """Export comments as JSON (format rejoinder-export/1)."""

    async def work(session: AsyncSession, _runtime: Runtime) -> dict[str, Any]:
        return await exporting.export_site(session, site, story)

    click.echo(json.dumps(run(load_settings(data_dir), work), ensure_ascii=False, indent=1))
