"""`rejoinder site create|update|list`: the sites an install serves."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.cli._context import data_dir_option, load_settings, run
from rejoinder.services import audit, sites
from rejoinder.services.runtime import Runtime


def _settings_json(text: str | None) -> dict[str, Any]:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise click.BadParameter(f"not JSON: {error.msg}", param_hint="--settings") from error
    if not isinstance(value, dict):
        raise click.BadParameter("must be a JSON object", param_hint="--settings")
    return value


@click.group()
def site() -> None:
    """Manage sites."""


@site.command("create")
@click.argument("slug")
@click.option("--name", default="", help="Display name.")
@click.option("--origin", "origins", multiple=True, help="Allowed origin (repeat).")
@click.option("--settings", "settings_text", default=None, help="Site settings as JSON.")
@data_dir_option
def create(
    slug: str, name: str, origins: tuple[str, ...], settings_text: str | None, data_dir: Path | None
) -> None:
    """Create a site that pages on ORIGINs may embed."""
    settings = _settings_json(settings_text)

    async def work(session: AsyncSession, runtime: Runtime) -> None:
        await sites.create(
            session, slug, name or slug, list(origins), settings, rt=runtime, actor=audit.CLI
        )

    run(load_settings(data_dir), work)
    click.echo(f"Created site {slug}.")


@site.command("update")
@click.argument("slug")
@click.option("--name", default=None, help="New display name.")
@click.option("--origin", "origins", multiple=True, help="Allowed origins (replace all; repeat).")
@click.option("--settings", "settings_text", default=None, help="Settings to change, as JSON.")
@data_dir_option
def update(
    slug: str,
    name: str | None,
    origins: tuple[str, ...],
    settings_text: str | None,
    data_dir: Path | None,
) -> None:
    """Change a site's name, origins or settings (other settings keep their values)."""
    settings = _settings_json(settings_text) if settings_text else None

    async def work(session: AsyncSession, runtime: Runtime) -> None:
        await sites.update(
            session, slug, name, list(origins) or None, settings, rt=runtime, actor=audit.CLI
        )

    run(load_settings(data_dir), work)
    click.echo(f"Updated site {slug}.")


def _shown(settings: dict[str, Any]) -> dict[str, Any]:
    """Settings as listed: SSO shared secrets are masked (a terminal, a log, a screen share)."""
    sso = settings.get("sso")
    if not isinstance(sso, dict) or not isinstance(sso.get("keys"), list):
        return settings
    keys = [
        {**key, "secret": "********"} if isinstance(key, dict) and "secret" in key else key
        for key in sso["keys"]
    ]
    return {**settings, "sso": {**sso, "keys": keys}}


def _line(slug: str, origins: list[str], settings: dict[str, Any]) -> str:
    return f"{slug}\t{' '.join(origins)}\t{json.dumps(_shown(settings), sort_keys=True)}"


@site.command("list")
@data_dir_option
def list_sites(data_dir: Path | None) -> None:
    """List sites: slug, origins and settings (JSON), one per line, tab-separated."""

    async def work(session: AsyncSession, _runtime: Runtime) -> list[str]:
        return [
            _line(s.slug, s.allowed_origins, s.settings) for s in await sites.all_sites(session)
        ]

    for line in run(load_settings(data_dir), work):
        click.echo(line)
