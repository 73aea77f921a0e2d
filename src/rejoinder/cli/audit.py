"""`rejoinder audit export --site S`: a site's audit log as CSV or JSON Lines."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.cli._context import data_dir_option, load_settings, run
from rejoinder.services import audit as audit_service
from rejoinder.services import audit_export
from rejoinder.services.runtime import Runtime


@click.group()
def audit() -> None:
    """Read the audit log: who decided, banned, noted or changed what, and why."""


@audit.command("export")
@click.option("--site", required=True, help="Site slug.")
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Only entries from this UTC day on (YYYY-MM-DD).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["csv", "json"]),
    default="csv",
    show_default=True,
    help="CSV with a header row, or JSON Lines (one object per line).",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="Write to this file instead of stdout.",
)
@data_dir_option
def export(
    site: str,
    since: datetime | None,
    output_format: str,
    output: Path | None,
    data_dir: Path | None,
) -> None:
    """Export a site's audit log, oldest first."""

    async def work(session: AsyncSession, _runtime: Runtime) -> list[audit_service.Entry]:
        return await audit_service.export_entries(
            session, site, since.date() if since is not None else None
        )

    rows = run(load_settings(data_dir), work)
    text = audit_export.as_csv(rows) if output_format == "csv" else audit_export.as_json_lines(rows)
    if output is None:
        click.echo(text, nl=False)
        return
    with output.open("w", encoding="utf-8", newline="") as file:  # CSV's CRLF kept as written
        file.write(text)
    click.echo(f"Wrote {len(rows)} entries to {output}.", err=True)
