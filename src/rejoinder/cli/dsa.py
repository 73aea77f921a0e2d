"""`rejoinder dsa export --site S [--since YYYY-MM-DD] [--output FILE]`: a site's statements of
reasons (EU DSA Art. 24(5)), one JSON object per line, each exactly as the DSA Transparency
Database's `POST /api/v1/statement` takes it."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.cli._context import data_dir_option, load_settings, run
from rejoinder.services import dsa as dsa_service
from rejoinder.services.runtime import Runtime


@click.group("dsa")
def dsa() -> None:
    """EU Digital Services Act: statements of reasons."""


@dsa.command("export")
@click.option("--site", required=True, help="Site slug.")
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Only statements made on or after this day (UTC), written YYYY-MM-DD.",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="Write to this file (default: standard output).",
)
@data_dir_option
def export(site: str, since: datetime | None, output: Path | None, data_dir: Path | None) -> None:
    """Export statements of reasons as JSON lines, oldest first."""
    day: date | None = since.date() if since is not None else None

    async def work(session: AsyncSession, _runtime: Runtime) -> list[dict[str, Any]]:
        return await dsa_service.export_statements(session, site, None, day)

    statements = run(load_settings(data_dir), work)
    lines = "".join(json.dumps(s, ensure_ascii=False) + "\n" for s in statements)
    if output is None:
        click.echo(lines, nl=False)
        return
    output.write_text(lines, encoding="utf-8")
    click.echo(f"Wrote {len(statements)} statements of reasons to {output}.", err=True)
