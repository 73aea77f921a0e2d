"""`rejoinder insight compute --site S [--story K]`: a site's discussion insight, computed now."""

from __future__ import annotations

from pathlib import Path

import click
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.cli._context import data_dir_option, load_settings, run
from rejoinder.services import insight as insight_service
from rejoinder.services.runtime import Runtime


@click.group()
def insight() -> None:
    """Discussion insight: viewpoints, temperature, questions and inferred replies of stories."""


@insight.command("compute")
@click.option("--site", required=True, help="Site slug.")
@click.option("--story", default=None, help="One story's key (default: every story of the site).")
@data_dir_option
def compute(site: str, story: str | None, data_dir: Path | None) -> None:
    """Compute and store the insight now (jobs do it shortly after comments change); one line
    per story: viewpoints, intervals, questions, inferred replies, seconds."""

    async def work(session: AsyncSession, runtime: Runtime) -> list[str]:
        done = await insight_service.compute_site(session, runtime, site, story)
        return [insight_service.summary_line(each) for each in done]

    for line in run(load_settings(data_dir), work):
        click.echo(line)
