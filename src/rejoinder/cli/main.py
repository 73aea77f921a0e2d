"""The `rejoinder` command group; each sub-command lives in its own module."""

from __future__ import annotations

import click

from rejoinder import __version__
from rejoinder.cli.audit import audit
from rejoinder.cli.db import db
from rejoinder.cli.demo import demo
from rejoinder.cli.dsa import dsa
from rejoinder.cli.export import export
from rejoinder.cli.importing import import_group
from rejoinder.cli.insight import insight
from rejoinder.cli.jobs import jobs_group, worker
from rejoinder.cli.moderation import moderation
from rejoinder.cli.serve import serve
from rejoinder.cli.site import site
from rejoinder.cli.story import story
from rejoinder.cli.token import token
from rejoinder.cli.user import user
from rejoinder.cli.webhook import webhook


@click.group()
@click.version_option(__version__, prog_name="rejoinder")
def cli() -> None:
    """Rejoinder: comments for news sites, moderated by local models."""


for command in (
    serve, worker, jobs_group, demo, db, import_group, export, site, moderation, user, token,
    audit, dsa, webhook, insight, story,
):  # fmt: skip
    cli.add_command(command)
