"""Moderators' notes on a reader: a list (author, time, text) read back with the standing."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from alembic import command
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.engine import Connection

from rejoinder.storage.db import create_engine
from rejoinder.storage.migrate import alembic_config, upgrade
from tests.conftest import PG_SERVER, RELAXED, _admin, make_site
from tests.integration.signed_in import SignedIn, sign_in


def _url(account_id: int, site: str = "news") -> str:
    return f"/api/v1/sites/{site}/moderation/users/{account_id}"


async def _put(client: httpx.AsyncClient, who: SignedIn, url: str, **fields: Any) -> dict[str, Any]:
    response = await client.put(url, json=fields, headers=who.headers)
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    return data


async def _get(client: httpx.AsyncClient, who: SignedIn, url: str) -> dict[str, Any]:
    response = await client.get(url, headers=who.headers)
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    return data


async def test_notes_append_and_read_back_with_the_standing(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    await make_site(app, "news", **RELAXED)
    desk = await sign_in(app, "desk", moderates=("news",))
    night = await sign_in(app, "night-desk", moderates=("news",))
    reader = await sign_in(app, "reader")
    url = _url(reader.account_id)

    untouched = await _get(client, desk, url)
    assert untouched["banned"] is False and untouched["notes"] == []
    assert untouched["note"] == "" and untouched["updated_at"] is None

    await _put(client, desk, url, banned=True, note="  spam links  ")
    answer = await _put(client, night, url, note="apologised by mail")
    assert answer["banned"] is True  # a note alone changes nothing else
    assert answer["note"] == "apologised by mail"  # the old field: the latest note

    read = await _get(client, desk, url)
    assert [(n["author"]["account_id"], n["author"]["name"], n["text"]) for n in read["notes"]] == [
        (desk.account_id, "desk", "spam links"),
        (night.account_id, "night-desk", "apologised by mail"),
    ]
    assert read["notes"][0]["created_at"] <= read["notes"][1]["created_at"]
    assert read["banned"] is True and read["site"] == "news"

    await _put(client, desk, url, premoderated=True, note="   ")  # blank: no note
    assert len((await _get(client, desk, url))["notes"]) == 2


async def test_notes_are_per_site_and_install_wide_for_admins(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    await make_site(app, "news", **RELAXED)
    await make_site(app, "sport", **RELAXED)
    desk = await sign_in(app, "desk", moderates=("news", "sport"))
    admin = await sign_in(app, "admin-anna", admin=True)
    reader = await sign_in(app, "reader")
    await _put(client, desk, _url(reader.account_id, "news"), note="on news")
    assert (await _get(client, desk, _url(reader.account_id, "sport")))["notes"] == []

    everywhere = f"/api/v1/admin/users/{reader.account_id}"
    await _put(client, admin, everywhere, suspended_until=None, note="watch closely")
    read = await _get(client, admin, everywhere)
    assert read["site"] is None and [n["text"] for n in read["notes"]] == ["watch closely"]
    assert (await client.get(everywhere, headers=desk.headers)).status_code == 403
    missing = await client.get(_url(999_999), headers=desk.headers)
    assert missing.status_code == 404


async def test_a_reader_cannot_read_notes(client: httpx.AsyncClient, app: FastAPI) -> None:
    await make_site(app, "news", **RELAXED)
    reader = await sign_in(app, "reader")
    other = await sign_in(app, "other")
    assert (await client.get(_url(other.account_id))).status_code == 401
    refused = await client.get(_url(other.account_id), headers=reader.headers)
    assert refused.status_code == 403


@pytest.fixture(params=["sqlite", "postgresql"])
async def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A database of its own (migrations are run on it step by step), on either engine."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'notes.db'}"
        return
    name = f"rejoinder_notes_{uuid.uuid4().hex[:10]}"
    await _admin(f'CREATE DATABASE "{name}"')
    yield f"{PG_SERVER}/{name}"
    await _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


BEFORE_NOTES = "0003"


def _downgrade(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.downgrade(config, revision)


SEED = [
    "INSERT INTO accounts (id, display_name, role, created_at) "
    "VALUES (1, 'reader', 'reader', '2026-11-01 10:00:00+00')",
    "INSERT INTO sites (id, slug, name, allowed_origins, settings, created_at) "
    "VALUES (1, 'news', 'News', '[]', '{}', '2026-11-01 10:00:00+00')",
    "INSERT INTO user_states (account_id, site_id, banned, premoderated, note, updated_at) "
    "VALUES (1, 1, true, false, 'spam links', '2026-11-20 09:30:00+00'), "
    "(1, NULL, false, false, '', '2026-11-21 09:30:00+00')",
]


async def test_the_single_note_of_each_state_moves_into_the_list(empty_database: str) -> None:
    engine = create_engine(empty_database)
    try:
        await upgrade(engine, BEFORE_NOTES)
        async with engine.begin() as connection:
            for statement in SEED:
                await connection.execute(text(statement))
        await upgrade(engine)
        async with engine.connect() as connection:
            rows = await connection.execute(
                text("SELECT account_id, site_id, author_id, text FROM moderator_notes")
            )
            assert [tuple(row) for row in rows] == [(1, 1, None, "spam links")]
        async with engine.begin() as connection:
            await connection.run_sync(_downgrade, BEFORE_NOTES)
            kept = await connection.execute(text("SELECT note FROM user_states ORDER BY id"))
            assert [row[0] for row in kept] == ["spam links", ""]
    finally:
        await engine.dispose()
