"""`rejoinder import page|disqus|wordpress|... FILE --site S`: bring existing discussions in.

Every format but the page dump is a reader (`interop/importers/<format>.py`: a path in, a stream
of `domain.imported` records out) made into a command by `source_command`, which gives it the
shared options, the progress display and the summary (ADR 0023).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path

import click
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.cli._context import data_dir_option, load_settings, run
from rejoinder.cli.import_progress import ImportProgress, summary_text
from rejoinder.config import Settings
from rejoinder.domain.errors import RejoinderError
from rejoinder.domain.imported import ImportRecord, ImportSummary
from rejoinder.interop.importers import disqus, isso, rejoinder_json, wordpress
from rejoinder.interop.importers.page_dump import parse_page
from rejoinder.platform import background
from rejoinder.services import bulk_import, importing
from rejoinder.services.bulk_import import ImportOptions
from rejoinder.services.importing import ImportResult
from rejoinder.services.runtime import Runtime
from rejoinder.services.wiring import build_runtime, close_runtime
from rejoinder.storage.db import create_engine, session_factory

Reader = Callable[[Path], Iterator[ImportRecord]]
Estimate = Callable[[Path], int | None]  # comments in the file, roughly, for the ETA

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


def import_options(command: Callable[..., None]) -> Callable[..., None]:
    """The options every source format shares."""
    options = [
        click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path)),
        click.option("--site", required=True, help="Site slug to import into."),
        click.option(
            "--allow-foreign-urls",
            is_flag=True,
            help="Also import threads whose URL is not on one of the site's origins.",
        ),
        click.option("--dry-run", is_flag=True, help="Print the summary; write nothing."),
        click.option(
            "--strict", is_flag=True, help="Stop at the first malformed record; write nothing."
        ),
        data_dir_option,
    ]
    for option in reversed(options):
        command = option(command)
    return command


async def _import(
    settings: Settings,
    site: str,
    records: Iterator[ImportRecord],
    options: ImportOptions,
    progress: ImportProgress,
) -> ImportSummary:
    """Like `_context.run`, but the import service commits batch by batch in its own session."""
    engine = create_engine(settings.resolved_database_url, settings.sqlite_synchronous)
    try:
        runtime = build_runtime(settings, session_factory(engine))
        try:
            sessions = session_factory(engine)
            summary = await bulk_import.import_records(
                sessions, runtime, site, records, options, progress
            )
            await background.drain()
            return summary
        finally:
            await close_runtime(runtime)
    finally:
        await engine.dispose()


def run_import(
    reader: Reader, estimate: Estimate | None, file: Path, site: str, options: ImportOptions,
    data_dir: Path | None,
) -> ImportSummary:  # fmt: skip
    """Read `file` with `reader` and import it into `site`, with progress on stdout."""
    settings = load_settings(data_dir)
    if settings.database_url is None:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    expected = estimate(file) if estimate is not None else None
    try:
        with ImportProgress(expected) as progress:
            return asyncio.run(_import(settings, site, reader(file), options, progress))
    except RejoinderError as error:
        raise click.ClickException(error.message) from error


def source_command(
    name: str, reader: Reader, *, help: str | None = None, estimate: Estimate | None = None
) -> click.Command:
    """`rejoinder import <name> FILE --site S [...]` for a reader (help: the reader's docstring
    unless given). `name` is also the namespace of the import keys: never change it once files
    were imported with it."""

    def command(
        file: Path, site: str, allow_foreign_urls: bool, dry_run: bool, strict: bool,
        data_dir: Path | None,
    ) -> None:  # fmt: skip
        options = ImportOptions(name, allow_foreign_urls, dry_run, strict)
        summary = run_import(reader, estimate, file, site, options, data_dir)
        click.echo(summary_text(summary, site, dry_run=dry_run))

    return click.command(name, help=help or reader.__doc__)(import_options(command))


import_group.add_command(
    source_command(
        "disqus",
        disqus.read_disqus,
        help="Import a Disqus XML export (threads and posts).",
        estimate=disqus.estimate,
    )
)
import_group.add_command(
    source_command(
        "wordpress",
        wordpress.read_wxr,
        help="Import a WordPress export (WXR, any version): posts, pages and their comments.",
        estimate=wordpress.estimate,
    )
)


# `import isso` and `import rejoinder` (issue 17: the Isso and round-trip readers). Isso keys its
# threads by path, so the command takes the URL they are paths of.


async def _site_base_url(session: AsyncSession, _runtime: Runtime, site: str) -> str:
    return await importing.default_story_url(session, site, "")  # the first origin, and "/"


@import_group.command("isso")
@click.option(
    "--base-url",
    default=None,
    help="The URL Isso's thread URIs are paths of (default: the site's first origin).",
)
@import_options
def isso_database(
    file: Path, site: str, allow_foreign_urls: bool, dry_run: bool, strict: bool,
    data_dir: Path | None, base_url: str | None,
) -> None:  # fmt: skip
    """Import an Isso SQLite database (comments.db): threads by URI, replies, likes."""
    base = base_url or run(
        load_settings(data_dir), lambda session, rt: _site_base_url(session, rt, site)
    )
    options = ImportOptions("isso", allow_foreign_urls, dry_run, strict)
    summary = run_import(
        lambda path: isso.read_isso(path, base), isso.estimate, file, site, options, data_dir
    )
    click.echo(summary_text(summary, site, dry_run=dry_run))


import_group.add_command(
    source_command(
        "rejoinder",
        rejoinder_json.read_rejoinder,
        help="Import Rejoinder's own JSON export (`rejoinder export`): the same stories, "
        "threads, statuses, times, edits and like counts.",
    )
)
