"""`rejoinder story qa`: a story's Q&A mode and its experts (docs/moderators.md#qa-mode)."""

from __future__ import annotations

from pathlib import Path

import click
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.cli._context import data_dir_option, load_settings, run
from rejoinder.domain.qa import MAX_EXPERTS
from rejoinder.services import qa
from rejoinder.services.qa import StoryWithExperts
from rejoinder.services.runtime import Runtime


@click.group()
def story() -> None:
    """A site's stories."""


@story.command("qa")
@click.option("--site", required=True, help="The site's slug.")
@click.option("--story", "story_key", required=True, help="The story's id on the site.")
@click.option(
    "--enable/--disable",
    "enabled",
    required=True,
    default=None,
    help="Turn Q&A mode on (top-level comments are questions) or off.",
)
@click.option(
    "--expert",
    "experts",
    multiple=True,
    type=click.IntRange(min=1),
    help=f"An expert's account id (repeat, at most {MAX_EXPERTS}); they replace the story's, "
    "and none leaves the story with no expert.",
)
@data_dir_option
def qa_mode(
    site: str,
    story_key: str,
    enabled: bool | None,
    experts: tuple[int, ...],
    data_dir: Path | None,
) -> None:
    """Turn a story's Q&A mode on or off and name its experts (in the audit log as `story.qa`)."""
    if enabled is None:  # click's required flag pair still lets neither through
        raise click.UsageError("Give --enable or --disable.")
    chosen = enabled

    async def work(session: AsyncSession, runtime: Runtime) -> StoryWithExperts:
        return await qa.set_mode_from_cli(session, runtime, site, story_key, chosen, experts)

    found = run(load_settings(data_dir), work)
    names = ", ".join(f"{a.display_name} ({a.id})" for a in found.experts) or "none"
    state = "on" if found.qa else "off"
    click.echo(f"Q&A mode is {state} for story {found.story.key} on {site}; experts: {names}.")
