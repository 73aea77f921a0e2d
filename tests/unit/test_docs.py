"""Docs that fail when they drift: settings, CLI commands and API paths are all documented."""

from __future__ import annotations

from pathlib import Path

import click

from rejoinder.app import create_app
from rejoinder.cli.main import cli
from rejoinder.config import Settings

DOCS = Path(__file__).parent.parent.parent / "docs"


def _commands(group: click.Group, prefix: str = "rejoinder") -> list[str]:
    found = []
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found += _commands(command, f"{prefix} {name}")
        else:
            found.append(f"{prefix} {name}")
    return found


def test_every_setting_is_documented() -> None:
    text = (DOCS / "configuration.md").read_text()
    missing = [f for f in Settings.model_fields if f"REJOINDER_{f.upper()}" not in text]
    assert missing == []


def test_every_cli_command_is_documented() -> None:
    text = (DOCS / "cli.md").read_text()
    missing = [c for c in _commands(cli) if f"`{c}" not in text]
    assert missing == []


def test_every_api_path_is_documented(tmp_path: Path) -> None:
    app = create_app(Settings(data_dir=tmp_path, secret_key="x"))
    text = (DOCS / "api.md").read_text()
    missing = [path for path in app.openapi()["paths"] if path not in text]
    assert missing == []
