"""`rejoinder demo`: SQLite, the demo site, a story with comments, served at `/`."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import click
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.cli._context import data_dir_option, load_settings, run
from rejoinder.cli.importing import import_page_file
from rejoinder.cli.serve import serve_app
from rejoinder.services import insight, sites
from rejoinder.services.runtime import Runtime

SAMPLE_STORY = "harbour-bridge"


def sample_page() -> Path:
    return Path(str(files("rejoinder") / "demo_content" / "sample-story.txt"))


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@data_dir_option
@click.option(
    "--page",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="A page dump to import (default: the package's own sample story).",
)
@click.option("--story", default=None, help="Story id for --page.")
@click.option("--title", default=None, help="Headline for --page.")
@click.option("--no-serve", is_flag=True, help="Prepare the data and exit.")
def demo(
    host: str,
    port: int,
    data_dir: Path | None,
    page: Path | None,
    story: str | None,
    title: str | None,
    no_serve: bool,
) -> None:
    """Prepare a demo site on SQLite and serve it."""
    settings = load_settings(data_dir)
    story_key = story or (SAMPLE_STORY if page is None else "demo-story")
    origins = [f"http://127.0.0.1:{port}", f"http://localhost:{port}"]

    async def prepare(session: AsyncSession, runtime: Runtime) -> str:
        await sites.ensure(session, "demo", "Rejoinder demo", origins, {"allow_guests": True})
        result = await import_page_file(
            session, runtime, page or sample_page(), "demo", story_key,
            f"http://127.0.0.1:{port}/", title,
        )  # fmt: skip
        # Its insight is ready for the first look (jobs keep it current from then on).
        await insight.compute_site(session, runtime, "demo", story_key)
        return f"{result.created} new, {result.skipped} already there"

    summary = run(settings, prepare, migrate=True)
    click.echo(f"Demo story demo/{story_key}: {summary}.")
    if no_serve:
        return
    click.echo(f"Serving http://{host}:{port}/ (Ctrl+C to stop)")
    settings.home_story = f"demo/{story_key}"
    serve_app(settings, host, port, workers=1)
