"""The audit log (issue 12): every change is kept with its actor, target, before/after and reason,
in the change's own transaction; it is read by the site's moderators, a page at a time, and
exported as CSV or JSON Lines; nothing changes or deletes it."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.routing import BaseRoute, Mount

from rejoinder.domain.errors import BadRequest, Forbidden, NotFound
from rejoinder.domain.principal import Principal
from rejoinder.services import audit, audit_export, sites
from rejoinder.services.audit import Actor, Entry, Filters
from rejoinder.storage.db import create_engine, session_factory
from rejoinder.storage.models import AuditEntry
from rejoinder.storage.repositories import audit as audit_repo
from rejoinder.storage.repositories import sites as site_repo
from tests.conftest import RELAXED, make_site
from tests.helpers import cli_invoker, post
from tests.integration.signed_in import SignedIn, sign_in

SSO_SECRET = "an-audit-test-secret-of-32-bytes-at-least!"


def _as(who: SignedIn, name: str, *, admin: bool = False) -> Principal:
    return Principal(who.account_id, name, admin, "bearer")


async def _entries(app: FastAPI, principal: Principal, site: str = "news", **filters: Any) -> Any:
    async with session_factory(app.state.engine)() as db:
        return await audit.entries(db, site, principal, Filters(**filters), limit=100)


async def _newsroom(app: FastAPI) -> tuple[SignedIn, SignedIn]:
    await make_site(app, "news", **RELAXED)
    await make_site(app, "sport", **RELAXED)
    desk = await sign_in(app, "desk", moderates=("news",))
    ada = await sign_in(app, "ada")
    return desk, ada


async def _put_standing(
    client: httpx.AsyncClient, who: SignedIn, account_id: int, **body: Any
) -> None:
    url = f"/api/v1/sites/news/moderation/users/{account_id}"
    response = await client.put(url, json=body, headers=who.headers)
    assert response.status_code == 200, response.text


def _one(entries: list[Entry], action: str) -> Entry:
    found = [entry for entry in entries if entry.action == action]
    assert len(found) == 1, [entry.action for entry in entries]
    return found[0]


async def test_a_readers_standing_and_notes_are_recorded(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    desk, ada = await _newsroom(app)
    until = datetime.now(UTC).replace(microsecond=0) + timedelta(days=3)
    await _put_standing(client, desk, ada.account_id, banned=True, note="slurs in three threads")
    await _put_standing(client, desk, ada.account_id, banned=True)  # no change: no entry
    await _put_standing(client, desk, ada.account_id, suspended_until=until.isoformat())
    await _put_standing(client, desk, ada.account_id, suspended_until=None, premoderated=True)
    await _put_standing(client, desk, ada.account_id, banned=False, premoderated=False)

    page = await _entries(app, _as(desk, "desk"), action="reader.")
    actions = [entry.action for entry in reversed(page.items)]
    assert actions == [
        "reader.ban", "reader.note", "reader.suspend", "reader.unsuspend", "reader.premoderate",
        "reader.unban", "reader.unpremoderate",
    ]  # fmt: skip
    ban = _one(page.items, "reader.ban")
    assert (ban.actor, ban.actor_account_id, ban.actor_name) == (
        f"account:{desk.account_id}", desk.account_id, "desk",
    )  # fmt: skip
    assert (ban.target_type, ban.target_id) == ("account", str(ada.account_id))
    assert (ban.before, ban.after) == ({"banned": False}, {"banned": True})
    assert ban.reason == "slurs in three threads"  # the note sent with it
    note = _one(page.items, "reader.note")
    assert note.after == {"note": "slurs in three threads"} and note.before is None
    suspend = _one(page.items, "reader.suspend")
    assert suspend.before == {"suspended_until": None}
    assert datetime.fromisoformat(suspend.after["suspended_until"]) == until  # type: ignore[index]
    unsuspend = _one(page.items, "reader.unsuspend")
    assert unsuspend.after == {"suspended_until": None}
    assert _one(page.items, "reader.unpremoderate").after == {"premoderated": False}


async def test_an_admins_install_wide_decision_is_kept_without_a_site(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    desk, ada = await _newsroom(app)
    admin = await sign_in(app, "chief", admin=True)
    response = await client.put(
        f"/api/v1/admin/users/{ada.account_id}", json={"banned": True}, headers=admin.headers
    )
    assert response.status_code == 200, response.text
    async with session_factory(app.state.engine)() as db:
        query = select(AuditEntry).where(AuditEntry.action.startswith("reader."))
        rows = list((await db.execute(query)).scalars())
    assert [(r.site_id, r.action, r.actor_name) for r in rows] == [(None, "reader.ban", "chief")]
    assert (await _entries(app, _as(desk, "desk"), action="reader.")).items == []  # not the site's


async def test_roles_are_recorded_with_the_admin_or_the_command_line(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    _desk, ada = await _newsroom(app)
    admin = await sign_in(app, "chief", admin=True)
    moderators = "/api/v1/sites/news/moderators"
    added = await client.post(
        moderators, json={"account_id": ada.account_id}, headers=admin.headers
    )
    assert added.status_code == 201, added.text
    again = await client.post(
        moderators, json={"account_id": ada.account_id}, headers=admin.headers
    )
    assert again.status_code == 201  # idempotent: no second entry
    removed = await client.delete(f"{moderators}/{ada.account_id}", headers=admin.headers)
    assert removed.status_code == 204

    page = await _entries(app, _as(admin, "chief", admin=True), action="role.")
    assert [(e.action, e.before, e.after) for e in reversed(page.items)] == [
        ("role.add", {"role": None}, {"role": "moderator"}),
        ("role.remove", {"role": "moderator"}, {"role": None}),
    ]
    assert {(e.actor, e.target_type, e.target_id) for e in page.items} == {
        (f"account:{admin.account_id}", "account", str(ada.account_id))
    }


async def test_site_settings_changes_keep_only_the_changed_keys_and_mask_secrets(
    app: FastAPI,
) -> None:
    await make_site(app, "news", allow_guests=True)
    admin = await sign_in(app, "chief", admin=True)
    sso = {
        "keys": [{"kid": "k1", "alg": "HS256", "secret": SSO_SECRET}],
        "issuer": "https://news.example",
        "audience": "rejoinder:sso",
    }
    async with session_factory(app.state.engine)() as db:
        await sites.update(db, "news", settings={"allow_guests": False, "edit_window_seconds": 900})
        await sites.update(db, "news", name="The News", settings={"sso": sso})
        await sites.update(db, "news", settings={"allow_guests": False})  # no change: no entry
        await db.commit()

    page = await _entries(app, _as(admin, "chief", admin=True))
    created, guests, renamed = reversed(page.items)
    assert (created.action, created.actor, created.target_type, created.target_id) == (
        "site.create", "cli", "site", "news",
    )  # fmt: skip
    assert created.after == {
        "name": "News", "allowed_origins": ["https://news.example"], "allow_guests": True,
    }  # fmt: skip
    assert guests.action == "site.settings" and guests.actor_name == "command line"
    assert (guests.before, guests.after) == ({"allow_guests": True}, {"allow_guests": False})
    assert renamed.before is not None and renamed.after is not None
    assert set(renamed.after) == {"name", "sso"} and renamed.after["name"] == "The News"
    assert SSO_SECRET not in json.dumps([renamed.before, renamed.after])
    assert renamed.after["sso"]["keys"][0]["secret"] == sites.MASK


async def test_guest_bans_notes_and_premoderation_are_recorded(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    desk, _ada = await _newsroom(app)
    written = await post(client, "news")
    base = f"/api/v1/sites/news/moderation/comments/{written['id']}"
    until = (datetime.now(UTC) + timedelta(days=2)).replace(microsecond=0)
    banned = await client.post(
        f"{base}/ban-author", json={"until": until.isoformat(), "reason": "spam"},
        headers=desk.headers,
    )  # fmt: skip
    assert banned.status_code == 201, banned.text
    assert (await client.delete(f"{base}/ban-author", headers=desk.headers)).status_code == 204
    body = {"premoderated": True, "reason": "links", "note": "posts casino links"}
    standing = await client.put(f"{base}/author", json=body, headers=desk.headers)
    assert standing.status_code == 200, standing.text
    off = await client.put(f"{base}/author", json={"premoderated": False}, headers=desk.headers)
    assert off.status_code == 200, off.text
    guest = standing.json()["guest"]

    page = await _entries(app, _as(desk, "desk"), target_type="guest", target_id=guest)
    assert [e.action for e in reversed(page.items)] == [
        "guest.ban", "guest.lift", "guest.premoderate", "guest.note", "guest.unpremoderate",
    ]  # fmt: skip
    ban = _one(page.items, "guest.ban")
    assert ban.reason == "spam" and ban.before == {"banned_until": None}
    assert ban.after is not None and ban.after["comment_id"] == written["id"]
    assert datetime.fromisoformat(ban.after["banned_until"]) == until
    lift = _one(page.items, "guest.lift")
    assert lift.after == {"banned_until": None, "comment_id": written["id"]}
    premoderate = _one(page.items, "guest.premoderate")
    assert premoderate.reason == "links"
    assert premoderate.after == {"premoderated": True, "comment_id": written["id"]}
    assert _one(page.items, "guest.note").after == {
        "note": "posts casino links", "comment_id": written["id"],
    }  # fmt: skip
    assert len(guest) == audit.GUEST_REF_CHARS and "127.0.0.1" not in json.dumps(
        [audit_export.as_record(e) for e in page.items]
    )


async def test_a_change_and_its_entry_roll_back_together(app: FastAPI) -> None:
    await make_site(app, "news")
    async with session_factory(app.state.engine)() as db:
        await sites.update(db, "news", settings={"allow_guests": False})
        await db.rollback()
    async with session_factory(app.state.engine)() as db:
        actions = (await db.execute(select(AuditEntry.action))).scalars().all()
        site = await site_repo.get_by_slug(db, "news")
    assert list(actions) == ["site.create"] and site is not None  # the update's is gone
    assert site.settings["allow_guests"] is True


WRITES = {"POST", "PUT", "PATCH", "DELETE"}


def _routes(routes: Sequence[BaseRoute], prefix: str = "") -> Iterator[tuple[str, set[str]]]:
    """Every route's full path and methods: in included routers and mounted apps too."""
    for context in iter_route_contexts(routes):
        path = prefix + (context.path or "")
        inner = getattr(context.original_route, "routes", None)
        if isinstance(context.original_route, Mount) and inner is not None:
            yield from _routes(inner, path)
        else:
            yield path, set(context.methods or ())


async def test_no_route_changes_or_deletes_the_log(app: FastAPI, client: httpx.AsyncClient) -> None:
    desk, ada = await _newsroom(app)
    await _put_standing(client, desk, ada.account_id, banned=True)
    routes = list(_routes(app.routes))
    assert any("/moderation/" in path for path, _methods in routes)  # the walk finds routes
    writes = [(path, methods & WRITES) for path, methods in routes if methods & WRITES]
    assert [(path, methods) for path, methods in writes if "audit" in path.lower()] == []
    assert not [
        name for name in vars(audit_repo) if name.startswith(("update", "delete", "remove"))
    ]
    for path in (
        "/api/v1/sites/news/audit",
        "/api/v1/sites/news/audit/1",
        "/admin/sites/news/audit",
    ):
        for method in sorted(WRITES):
            answer = await client.request(method, path, json={}, headers=desk.headers)
            assert answer.status_code in (403, 404, 405), (method, path, answer.status_code)
    async with session_factory(app.state.engine)() as db:
        count = (await db.execute(select(func.count()).select_from(AuditEntry))).scalar_one()
    assert count == 3  # two site.create and the ban, all still there


async def _seed(app: FastAPI, times: list[datetime], actors: tuple[int, int]) -> None:
    """Entries at the given times on "news" (and one on "sport"), by alternating actors, about
    accounts 40 and 41 alternately (a target is only named: it need not exist)."""
    async with session_factory(app.state.engine)() as db:
        news = await site_repo.get_by_slug(db, "news")
        sport = await site_repo.get_by_slug(db, "sport")
        assert news is not None and sport is not None
        for number, moment in enumerate(times):
            rt = replace(app.state.runtime, clock=lambda moment=moment: moment)
            by = actors[number % 2]
            await audit.record(
                db, rt, site_id=news.id, actor=Actor(f"account:{by}", by),
                action="reader.ban" if number % 3 else "guest.note",
                target_type="account", target_id=40 + number % 2, after={"n": number},
            )  # fmt: skip
        rt = replace(app.state.runtime, clock=lambda: times[0])
        await audit.record(
            db, rt, site_id=sport.id, actor=audit.SYSTEM, action="reader.ban",
            target_type="account", target_id=40,
        )  # fmt: skip
        await db.commit()


DAY = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


async def test_the_log_pages_newest_first_and_filters(app: FastAPI) -> None:
    desk, ada = await _newsroom(app)
    admin = await sign_in(app, "chief", admin=True)
    chief = _as(admin, "chief", admin=True)
    # Three entries share a moment: the id breaks the tie, and no page repeats or skips one.
    hours = [0, 0, 0, 1, 24, 48, 48.001]
    times = [DAY + timedelta(hours=h) for h in hours]
    await _seed(app, times, (desk.account_id, ada.account_id))

    seen: list[int] = []
    cursor = None
    accounts = Filters(target_type="account")  # not the sites' own site.create entries
    async with session_factory(app.state.engine)() as db:
        while True:
            page = await audit.entries(db, "news", chief, accounts, limit=3, cursor=cursor)
            seen += [entry.after["n"] for entry in page.items]  # type: ignore[index]
            cursor = page.next_cursor
            if cursor is None:
                break
    assert seen == [6, 5, 4, 3, 2, 1, 0]

    async def numbers(**filters: Any) -> list[int]:
        page = await _entries(app, chief, **{"target_type": "account", **filters})
        return [entry.after["n"] for entry in page.items]

    assert await numbers(action="guest.") == [6, 3, 0]
    assert await numbers(action="reader.ban") == [5, 4, 2, 1]
    assert await numbers(action="reader.") == [5, 4, 2, 1]
    assert await numbers(action="reader.b") == []  # exact, not a prefix
    assert await numbers(actor_account_id=ada.account_id) == [5, 3, 1]
    assert await numbers(target_id="41") == [5, 3, 1]
    day_two = date(2026, 12, 2)
    assert await numbers(since=day_two) == [6, 5, 4]
    assert await numbers(until=day_two) == [4, 3, 2, 1, 0]
    assert await numbers(since=day_two, until=day_two) == [4]
    parsed = audit.parse_filters(
        action="reader.",
        actor=str(ada.account_id),
        target="account:41",
        since="2026-12-01",
        until="2026-12-03",
    )
    assert await numbers(**vars(parsed)) == [5, 1]
    sport = await _entries(app, chief, site="sport", target_type="account")
    assert [(e.actor, e.actor_name) for e in sport.items] == [("system", "system")]


@pytest.mark.parametrize(
    "bad",
    [
        {"action": "Reader.Ban"},
        {"action": "reader.ban;--"},
        {"target": ":42"},
        {"target": "Account:42"},
        {"actor": "ada"},
        {"actor": "99999999999"},
        {"since": "2026-13-01"},
        {"until": "yesterday"},
        {"since": "2026-12-03", "until": "2026-12-02"},
    ],
)
def test_bad_filters_are_a_400_saying_why(bad: dict[str, str]) -> None:
    with pytest.raises(BadRequest) as refused:
        audit.parse_filters(**bad)
    assert refused.value.status == 400 and refused.value.message


async def test_a_bad_cursor_or_limit_is_a_400(app: FastAPI) -> None:
    desk, _ada = await _newsroom(app)
    async with session_factory(app.state.engine)() as db:
        for cursor in ("not-a-cursor", "W10", "eyJ4Ijox"):
            with pytest.raises(BadRequest) as refused:
                await audit.entries(db, "news", _as(desk, "desk"), cursor=cursor)
            assert refused.value.status == 400 and "cursor" in refused.value.message
        for limit in (0, 101):
            with pytest.raises(BadRequest):
                await audit.entries(db, "news", _as(desk, "desk"), limit=limit)
        with pytest.raises(BadRequest):
            await audit.entries(db, "news", _as(desk, "desk"), Filters(target_id="42"))


async def test_only_the_sites_moderators_and_admins_read_it(app: FastAPI) -> None:
    desk, ada = await _newsroom(app)
    sport_desk = await sign_in(app, "sport-desk", moderates=("sport",))
    async with session_factory(app.state.engine)() as db:
        assert (await audit.entries(db, "news", _as(desk, "desk"))).items  # site.create
        for who, name in ((sport_desk, "sport-desk"), (ada, "ada")):
            with pytest.raises(Forbidden) as refused:
                await audit.entries(db, "news", _as(who, name))
            assert refused.value.status == 403
            with pytest.raises(Forbidden):
                await audit.export_for_staff(db, "news", _as(who, name), None)
        assert await audit.export_for_staff(db, "sport", _as(sport_desk, "sport-desk"), None)
        with pytest.raises(NotFound):
            await audit.entries(db, "nowhere", _as(desk, "desk"))


# The command line ------------------------------------------------------------------------------

FORMULA_NAME = '=HYPERLINK("https://evil.example","click")'


async def _add_hostile_entry(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        async with session_factory(engine)() as db:
            await _record_hostile(db)
            await db.commit()
    finally:
        await engine.dispose()


async def _record_hostile(db: AsyncSession) -> None:
    site = await site_repo.get_by_slug(db, "news")
    assert site is not None
    await audit.record(
        db, None, site_id=site.id, actor=Actor("account:9", None, FORMULA_NAME),
        action="guest.ban", target_type="guest", target_id="-2+3", reason="@SUM(A1:A9)",
        before={"banned_until": None}, after={"banned_until": "2027-01-01T00:00:00+00:00"},
    )  # fmt: skip


@pytest.fixture
def rejoinder(clean_database: str, tmp_path: Path) -> Any:
    invoke = cli_invoker(clean_database, tmp_path)
    invoke("site", "create", "news", "--origin", "https://news.example")
    invoke("site", "update", "news", "--settings", '{"allow_guests": false}')
    asyncio.run(_add_hostile_entry(clean_database))
    return invoke


def test_the_cli_exports_csv_with_formulas_neutralised(rejoinder: Any) -> None:
    rows = list(csv.reader(io.StringIO(rejoinder("audit", "export", "--site", "news"))))
    assert tuple(rows[0]) == audit_export.COLUMNS
    created, changed, hostile = (dict(zip(rows[0], row, strict=True)) for row in rows[1:])
    assert (created["action"], created["actor"], created["actor_name"]) == (
        "site.create", "cli", "command line",
    )  # fmt: skip
    assert datetime.fromisoformat(created["created_at"]).utcoffset() == timedelta(0)
    assert json.loads(changed["before"]) == {"allow_guests": True}
    assert json.loads(changed["after"]) == {"allow_guests": False}
    assert created["before"] == "" and changed["reason"] == ""
    assert hostile["actor_name"] == f"'{FORMULA_NAME}"
    assert hostile["target_id"] == "'-2+3" and hostile["reason"] == "'@SUM(A1:A9)"
    assert json.loads(hostile["after"]) == {"banned_until": "2027-01-01T00:00:00+00:00"}
    assert int(created["id"]) < int(changed["id"]) < int(hostile["id"])  # oldest first

    later = rejoinder("audit", "export", "--site", "news", "--since", "2999-01-01")
    assert list(csv.reader(io.StringIO(later))) == [list(audit_export.COLUMNS)]


def test_the_cli_exports_json_lines_to_a_file(rejoinder: Any, tmp_path: Path) -> None:
    out = tmp_path / "audit.jsonl"
    said = rejoinder("audit", "export", "--site", "news", "--format", "json", "--output", str(out))
    assert "3 entries" in said
    lines = out.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["action"] for r in records] == ["site.create", "site.settings", "guest.ban"]
    assert list(records[0]) == list(audit_export.COLUMNS)
    assert records[1]["before"] == {"allow_guests": True}  # an object here, not JSON text
    assert records[2]["actor_name"] == FORMULA_NAME  # no apostrophe: not for spreadsheets
    today = datetime.now(UTC).date().isoformat()
    assert all(r["created_at"].startswith(today) for r in records[:2])


def test_the_cli_refuses_a_bad_site_or_date(rejoinder: Any) -> None:
    missing = rejoinder("audit", "export", "--site", "nowhere", expect=1)
    assert "Error:" in missing and "nowhere" in missing
    bad_date = rejoinder("audit", "export", "--site", "news", "--since", "12/01/2026", expect=2)
    assert "--since" in bad_date
    bad_format = rejoinder("audit", "export", "--site", "news", "--format", "xml", expect=2)
    assert "--format" in bad_format
