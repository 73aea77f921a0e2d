"""Docs that fail when they drift: settings, CLI commands and API paths are all documented."""

from __future__ import annotations

import asyncio
import re
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
    paths = app.openapi()["paths"]
    asyncio.run(app.state.shutdown())  # its job worker must not outlive the test (mail.drain)
    text = (DOCS / "api.md").read_text()
    missing = [path for path in paths if path not in text]
    assert missing == []


def _named_tests(table: str) -> list[tuple[str, str | None]]:
    """(file, test) for every test the security table names; `::name` belongs to the last file."""
    named: list[tuple[str, str | None]] = []
    current = ""
    for ref in re.findall(r"`((?:tests/[\w/]+\.py)?(?:::\w+)?)`", table):
        path, _, test = ref.partition("::")
        current = path or current
        named.append((current, test or None))
    return named


def test_every_test_the_security_table_names_exists() -> None:
    root = DOCS.parent
    missing = []
    for path, test in _named_tests((DOCS / "security.md").read_text()):
        source = root / path
        if not source.exists() or (test and not re.search(rf"def {test}\b", source.read_text())):
            missing.append(f"{path}::{test}" if test else path)
    assert missing == []
