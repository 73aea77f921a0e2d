"""`rejoinder export --site S [--format json|wxr]`: a site's discussions, to stdout or a file."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import click
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.cli._context import data_dir_option, load_settings, run
from rejoinder.domain.exported import SiteExport
from rejoinder.interop.exporters.rejoinder_json import write_json
from rejoinder.interop.exporters.wxr import write_wxr
from rejoinder.services import exporting
from rejoinder.services.runtime import Runtime


@contextmanager
def _output(path: Path | None) -> Iterator[IO[bytes]]:
    if path is None:
        yield sys.stdout.buffer
        return
    with path.open("wb") as file:
        yield file


async def _write(out: IO[bytes], export: SiteExport, file_format: str) -> int:
    if file_format == "wxr":
        return await write_wxr(out, export)
    text = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
    try:
        return await write_json(text, export)
    finally:
        text.detach()  # the stream stays open: it may be stdout


@click.command()
@click.option("--site", required=True, help="Site slug.")
@click.option("--story", default=None, help="Only this story.")
@click.option(
    "--format",
    "file_format",
    type=click.Choice(["json", "wxr"]),
    default="json",
    show_default=True,
    help="json: rejoinder-export/2, read back by `rejoinder import rejoinder`; "
    "wxr: WordPress eXtended RSS 1.2, for WordPress and Disqus.",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file (default: stdout).",
)
@click.option(
    "--no-emails", is_flag=True, help="Leave guests' email addresses out (they are personal data)."
)
@data_dir_option
def export(
    site: str,
    story: str | None,
    file_format: str,
    output: Path | None,
    no_emails: bool,
    data_dir: Path | None,
) -> None:
    """Export a site's comments: everything an import needs, never IP addresses."""

    async def work(session: AsyncSession, _runtime: Runtime) -> int:
        export = await exporting.open_export(session, site, story, include_emails=not no_emails)
        with _output(output) as out:
            return await _write(out, export, file_format)

    count = run(load_settings(data_dir), work)
    if output is not None:
        click.echo(f"Exported {count} comments of {site} to {output}.", err=True)
