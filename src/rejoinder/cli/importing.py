"""`rejoinder import page FILE --site S --story ID`: bring existing discussions in."""

from __future__ import annotations

from pathlib import Path

import click
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.cli._context import data_dir_option, load_settings, run
from rejoinder.interop.importers.page_dump import parse_page
from rejoinder.services import importing
from rejoinder.services.importing import ImportResult
from rejoinder.services.runtime import Runtime

MAX_IMPORT_BYTES = 50 * 1024 * 1024


def read_text(path: Path) -> str:
    if path.stat().st_size > MAX_IMPORT_BYTES:
        raise click.ClickException(f"{path.name} is larger than {MAX_IMPORT_BYTES >> 20} MB.")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise click.ClickException(f"{path.name} is not UTF-8 text ({error.reason}).") from error


async def import_page_file(
    session: AsyncSession,
    runtime: Runtime,
    path: Path,
    site: str,
    story: str,
    url: str | None,
    title: str | None,
) -> ImportResult:
    page = parse_page(read_text(path), title)
    story_url = url or await importing.default_story_url(session, site, story)
    return await importing.import_page(session, runtime, site, story, story_url, page)


@click.group("import")
def import_group() -> None:
    """Import discussions from other formats."""


@import_group.command("page")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--site", required=True, help="Site slug.")
@click.option("--story", required=True, help="Story id to import into.")
@click.option("--url", default=None, help="Canonical URL of the story.")
@click.option("--title", default=None, help="Headline (derived from the article if omitted).")
@data_dir_option
def page(
    file: Path, site: str, story: str, url: str | None, title: str | None, data_dir: Path | None
) -> None:
    """Import a flat text dump of a news page with its comments."""

    async def work(session: AsyncSession, runtime: Runtime) -> ImportResult:
        return await import_page_file(session, runtime, file, site, story, url, title)

    result = run(load_settings(data_dir), work)
    click.echo(
        f"Imported {result.created} comments into {site}/{story} "
        f"({result.skipped} already there, {result.held} held for review)."
    )
