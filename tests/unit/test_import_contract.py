"""The layering contract of pyproject.toml ([tool.importlinter], ADR 0009) holds.

`make lint` runs `lint-imports` too; this makes a bare `pytest` fail on a break as well.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from importlinter.cli import lint_imports

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def test_imports_keep_the_layers(capsys: pytest.CaptureFixture[str]) -> None:
    exit_code = lint_imports(config_filename=str(PYPROJECT), no_cache=True, no_logo=True)
    assert exit_code == 0, capsys.readouterr().out
