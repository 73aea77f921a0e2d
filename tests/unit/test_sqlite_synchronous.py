"""SQLite's durability setting: what `synchronous` each connection gets (docs/configuration.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from rejoinder.app import create_app
from rejoinder.config import Settings
from rejoinder.storage.db import create_engine

# PRAGMA synchronous answers a number: 1 is NORMAL, 2 is FULL.
LEVELS = {"NORMAL": 1, "FULL": 2}


async def _synchronous(url: str, **kwargs: str) -> int:
    engine = create_engine(url, **kwargs)
    try:
        async with engine.connect() as connection:
            level: int = (await connection.execute(text("PRAGMA synchronous"))).scalar_one()
            return level
    finally:
        await engine.dispose()


@pytest.mark.parametrize("setting", ["NORMAL", "FULL"])
async def test_each_connection_gets_the_configured_synchronous(
    tmp_path: Path, setting: str
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite'}"
    assert await _synchronous(url, sqlite_synchronous=setting) == LEVELS[setting]


async def test_normal_is_the_default(tmp_path: Path) -> None:
    assert await _synchronous(f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite'}") == LEVELS["NORMAL"]


def test_anything_else_is_refused_before_any_connection(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="synchronous must be one of"):
        create_engine(f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite'}", sqlite_synchronous="OFF")


async def test_the_app_uses_the_install_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REJOINDER_SQLITE_SYNCHRONOUS", "FULL")
    app = create_app(Settings(data_dir=tmp_path, secret_key="k"))
    try:
        async with app.state.engine.connect() as connection:
            level = (await connection.execute(text("PRAGMA synchronous"))).scalar_one()
        assert level == LEVELS["FULL"]
    finally:
        await app.state.shutdown()
