"""Decisions made at once by several moderators (several app servers) leave one row, never a 500.

Each request goes through its own app (its own engine and, on SQLite, its own write lock), as if
several servers shared the database: the race a single process would queue on SQLite happens.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import JSON, Boolean, Integer, String, column, insert, select, table, text
from sqlalchemy.exc import IntegrityError

from rejoinder.app import create_app
from rejoinder.config import Settings
from rejoinder.storage.db import create_engine, session_factory
from rejoinder.storage.migrate import upgrade
from rejoinder.storage.models.base import UTCDateTime
from tests.conftest import ORIGIN, PG_SERVER, RELAXED, _admin, make_site
from tests.helpers import post
from tests.integration.signed_in import sign_in

AT_ONCE = 8
ROUNDS = 3  # a fresh target each round: the race is likely on one, near certain on three

Servers = list[httpx.AsyncClient]


@pytest.fixture
async def servers(app: FastAPI, settings: Settings) -> AsyncIterator[Servers]:
    """`AT_ONCE` clients, each of its own app server on the test database."""
    apps = [create_app(settings) for _ in range(AT_ONCE)]
    clients = [
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=each, raise_app_exceptions=False),
            base_url="http://testserver",
            headers={"origin": ORIGIN},
        )
        for each in apps
    ]
    yield clients
    for client in clients:
        await client.aclose()
    for each in apps:
        await each.state.shutdown()


async def _at_once(
    servers: Servers, send: Callable[[httpx.AsyncClient, int], Any]
) -> list[httpx.Response]:
    responses: list[httpx.Response] = await asyncio.gather(
        *(send(client, n) for n, client in enumerate(servers))
    )
    return responses


async def _count(app: FastAPI, sql: str, **params: Any) -> int:
    async with session_factory(app.state.engine)() as session:
        found: int = (await session.execute(text(sql), params)).scalar_one()
        return found


def _all_answered(responses: list[httpx.Response], status: int) -> None:
    codes = [response.status_code for response in responses]
    assert codes == [status] * len(responses), [codes, *(r.text for r in responses)]


async def test_moderators_setting_a_readers_standing_at_once_make_one_state(
    app: FastAPI, servers: Servers
) -> None:
    await make_site(app, "news", **RELAXED)
    desk = await sign_in(app, "desk", moderates=("news",))
    for round_ in range(ROUNDS):
        reader = await sign_in(app, f"reader-{round_}")
        url = f"/api/v1/sites/news/moderation/users/{reader.account_id}"
        responses = await _at_once(
            servers,
            lambda client, n: client.put(
                url, json={"banned": True, "note": f"seen {n}"}, headers=desk.headers
            ),
        )
        _all_answered(responses, 200)
        rows = await _count(
            app,
            "SELECT count(*) FROM user_states WHERE account_id = :a AND site_id IS NOT NULL",
            a=reader.account_id,
        )
        assert rows == 1
        read = await servers[0].get(url, headers=desk.headers)
        assert read.status_code == 200 and read.json()["banned"] is True
        assert len(read.json()["notes"]) == AT_ONCE  # every note kept


async def test_admins_setting_an_install_wide_standing_at_once_make_one_state(
    app: FastAPI, servers: Servers
) -> None:
    admin = await sign_in(app, "admin-anna", admin=True)
    for round_ in range(ROUNDS):
        reader = await sign_in(app, f"reader-{round_}")
        url = f"/api/v1/admin/users/{reader.account_id}"
        responses = await _at_once(
            servers,
            lambda client, n: client.put(
                url, json={"premoderated": True, "note": f"seen {n}"}, headers=admin.headers
            ),
        )
        _all_answered(responses, 200)
        rows = await _count(
            app,
            "SELECT count(*) FROM user_states WHERE account_id = :a AND site_id IS NULL",
            a=reader.account_id,
        )
        assert rows == 1
        read = await servers[0].get(url, headers=admin.headers)
        assert read.status_code == 200 and read.json()["premoderated"] is True


async def test_moderators_banning_a_guest_at_once_make_one_ban(
    app: FastAPI, servers: Servers, readers: Any
) -> None:
    await make_site(app, "news", **RELAXED)
    desk = await sign_in(app, "desk", moderates=("news",))
    until = (datetime.now(UTC) + timedelta(days=3)).isoformat()
    for round_ in range(ROUNDS):
        comment = await post(readers(f"198.51.100.{round_ + 1}"), "news")
        url = f"/api/v1/sites/news/moderation/comments/{comment['id']}/ban-author"
        responses = await _at_once(
            servers,
            lambda client, n: client.post(
                url, json={"until": until, "reason": f"spam {n}"}, headers=desk.headers
            ),
        )
        _all_answered(responses, 201)
        rows = await _count(
            app, "SELECT count(*) FROM guest_bans WHERE comment_id = :c", c=comment["id"]
        )
        assert rows == 1
        read = await servers[0].get(url, headers=desk.headers)
        assert read.status_code == 200 and read.json()["reason"].startswith("spam ")


# The tables as migration 0003 left them (the models describe the head).
_accounts = table(
    "accounts",
    column("id", Integer),
    column("display_name", String),
    column("role", String),
    column("created_at", UTCDateTime),
)
_sites = table(
    "sites",
    column("id", Integer),
    column("slug", String),
    column("name", String),
    column("allowed_origins", JSON),
    column("settings", JSON),
    column("created_at", UTCDateTime),
)
_states = table(
    "user_states",
    column("id", Integer),
    column("account_id", Integer),
    column("site_id", Integer),
    column("banned", Boolean),
    column("suspended_until", UTCDateTime),
    column("premoderated", Boolean),
    column("note", String),
    column("updated_at", UTCDateTime),
)
_notes = table("moderator_notes", column("account_id", Integer), column("text", String))


@pytest.fixture
async def empty_url(database_url: str, tmp_path: Any) -> AsyncIterator[str]:
    """A database of the same kind with no schema yet."""
    if database_url.startswith("sqlite"):
        yield f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}"
        return
    name = f"rejoinder_empty_{uuid.uuid4().hex[:10]}"
    await _admin(f'CREATE DATABASE "{name}"')
    yield f"{PG_SERVER}/{name}"
    await _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _state(account_id: int, site_id: int | None, at: datetime, **fields: Any) -> dict[str, Any]:
    decided = {"banned": False, "suspended_until": None, "premoderated": False, "note": ""}
    return {"account_id": account_id, "site_id": site_id, "updated_at": at, **decided, **fields}


async def test_migrating_merges_duplicated_install_wide_states_into_the_strictest(
    empty_url: str,
) -> None:
    """States doubled by the old race: one is kept, as strict as they were together (what
    `standing.combine` enforced), with the latest note; every note stays in the list."""
    engine = create_engine(empty_url)
    start = datetime(2026, 11, 28, tzinfo=UTC)
    try:
        await upgrade(engine, "0003")
        async with engine.begin() as connection:
            await connection.execute(
                insert(_accounts),
                [{"id": n, "display_name": f"r{n}", "role": "reader", "created_at": start}
                 for n in (1, 2)],
            )  # fmt: skip
            await connection.execute(
                insert(_sites).values(id=1, slug="news", name="News", allowed_origins=[],
                                      settings={}, created_at=start)
            )  # fmt: skip
            await connection.execute(
                insert(_states),
                [
                    _state(1, None, start, banned=True, note="first"),
                    _state(1, None, start + timedelta(hours=2), premoderated=True, note="last",
                           suspended_until=start + timedelta(days=10)),
                    _state(1, None, start + timedelta(hours=1),
                           suspended_until=start + timedelta(days=5)),
                    _state(1, 1, start, note="on news"),
                    _state(2, None, start, note="alone"),
                ],
            )  # fmt: skip
        await upgrade(engine)
        async with engine.connect() as connection:
            rows = (await connection.execute(select(_states).order_by(_states.c.id))).all()
            notes = (await connection.execute(select(_notes.c.text).order_by(_notes.c.text))).all()
        by_place = {(row.account_id, row.site_id): row for row in rows}
        assert len(rows) == 3 and set(by_place) == {(1, None), (1, 1), (2, None)}
        merged = by_place[(1, None)]
        assert merged.id == 1 and merged.banned and merged.premoderated
        assert merged.suspended_until == start + timedelta(days=10)
        assert merged.note == "last" and merged.updated_at == start + timedelta(hours=2)
        assert by_place[(1, 1)].note == "on news" and not by_place[(1, 1)].banned
        assert by_place[(2, None)].note == "alone" and not by_place[(2, None)].banned
        assert [note.text for note in notes] == ["alone", "first", "last", "on news"]

        with pytest.raises(IntegrityError):  # and no second install-wide state any more
            async with engine.begin() as connection:
                await connection.execute(insert(_states).values(**_state(2, None, start)))
    finally:
        await engine.dispose()
