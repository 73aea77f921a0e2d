"""A guest's standing on a site, from one of their comments: moderators' notes, always
pre-moderate (their next posts and edits are held), the ban in force and their comments by
status; and, for an account, the dashboard's author panel."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from rejoinder.domain.errors import Forbidden
from rejoinder.domain.principal import Principal
from rejoinder.services import user_states
from rejoinder.storage.db import session_factory
from tests.conftest import RELAXED, make_site
from tests.helpers import listing, post
from tests.integration.signed_in import SignedIn, sign_in

GUEST_IP = "198.51.100.20"


def _url(comment_id: int, site: str = "news") -> str:
    return f"/api/v1/sites/{site}/moderation/comments/{comment_id}/author"


async def _standing(
    client: httpx.AsyncClient, who: SignedIn, comment_id: int, expect: int = 200, **body: Any
) -> dict[str, Any]:
    if body:
        response = await client.put(_url(comment_id), json=body, headers=who.headers)
    else:
        response = await client.get(_url(comment_id), headers=who.headers)
    assert response.status_code == expect, response.text
    data: dict[str, Any] = response.json()
    return data


async def _sites(app: FastAPI) -> SignedIn:
    await make_site(app, "news", **RELAXED)
    await make_site(app, "sport", **RELAXED)
    return await sign_in(app, "desk", moderates=("news", "sport"))


async def _held_reasons(client: httpx.AsyncClient, who: SignedIn, comment_id: int) -> list[str]:
    response = await client.get("/api/v1/sites/news/moderation/queue", headers=who.headers)
    assert response.status_code == 200, response.text
    item = next(i for i in response.json()["items"] if i["id"] == comment_id)
    return [reason["code"] for reason in item["moderation"]["reasons"]]


async def test_a_premoderated_guests_posts_and_edits_are_held_until_it_is_lifted(
    app: FastAPI, client: httpx.AsyncClient, readers: Any
) -> None:
    desk = await _sites(app)
    guest = readers(GUEST_IP)
    first = await post(guest, "news")
    turned_on = await _standing(client, desk, first["id"], premoderated=True, reason="links")
    assert turned_on["premoderated"] is True and turned_on["premoderation_reason"] == "links"
    assert turned_on["premoderated_since"] is not None

    held = await post(guest, "news", expect=202)
    assert held["status"] == "pending"
    assert "author_premoderated" in await _held_reasons(client, desk, held["id"])
    edited = await guest.patch(
        f"/api/v1/sites/news/comments/{first['id']}",
        json={"body": "Now with a different point."},
        headers={"x-edit-token": first["edit_token"]},
    )
    assert edited.status_code == 202 and edited.json()["status"] == "pending", edited.text
    await post(readers("198.51.100.21"), "news")  # another guest is not held
    await post(guest, "sport")  # nor is this guest on another site
    assert (await listing(client, "news"))["total"] == 1

    turned_off = await _standing(client, desk, held["id"], premoderated=False)
    assert turned_off["premoderated"] is False and turned_off["premoderated_since"] is None
    published = await post(guest, "news")
    assert published["status"] == "published"


async def test_the_standing_lists_notes_counts_and_the_ban(
    app: FastAPI, client: httpx.AsyncClient, readers: Any
) -> None:
    desk = await _sites(app)
    guest = readers(GUEST_IP)
    first, second, third = [await post(guest, "news") for _ in range(3)]
    await post(guest, "sport")  # another site's comment is not counted here
    decide = f"/api/v1/sites/news/moderation/comments/{second['id']}"
    rejected = await client.post(decide, json={"action": "reject"}, headers=desk.headers)
    assert rejected.status_code == 200, rejected.text

    empty = await _standing(client, desk, first["id"])
    assert empty["notes"] == [] and empty["ban"] is None and empty["premoderated"] is False
    assert empty["comments"] == {"published": 2, "pending": 0, "rejected": 1}

    await _standing(client, desk, first["id"], note="  first warning  ")
    await _standing(client, desk, third["id"], note="second warning")  # the same guest
    await _standing(client, desk, third["id"], note="   ")  # blank: nothing added
    until = (datetime.now(UTC) + timedelta(days=7)).isoformat()
    ban = f"/api/v1/sites/news/moderation/comments/{second['id']}/ban-author"
    banned = await client.post(ban, json={"until": until, "reason": "spam"}, headers=desk.headers)
    assert banned.status_code == 201, banned.text

    found = await _standing(client, desk, first["id"])
    assert [(n["text"], n["author"]["name"]) for n in found["notes"]] == [
        ("first warning", "desk"),
        ("second warning", "desk"),
    ]
    assert found["notes"][0]["created_at"] <= found["notes"][1]["created_at"]
    assert found["notes"][0]["author"]["account_id"] == desk.account_id
    assert found["ban"]["reason"] == "spam" and found["ban"]["comment_id"] == second["id"]
    assert found["site"] == "news" and found["comment_id"] == first["id"]
    assert GUEST_IP not in str(found) and "author_key" not in found
    other = await _standing(client, desk, (await post(readers("198.51.100.22"), "news"))["id"])
    assert other["notes"] == [] and other["ban"] is None and other["guest"] != found["guest"]


async def test_only_a_guests_comment_and_only_the_sites_moderators(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await make_site(app, "news", **RELAXED)
    await make_site(app, "sport", **RELAXED)
    desk = await sign_in(app, "desk", moderates=("news",))
    sport_desk = await sign_in(app, "sport-desk", moderates=("sport",))
    reader = await sign_in(app, "reader")
    by_account = await post(client, "news", headers=reader.headers)
    refused = await _standing(client, desk, by_account["id"], expect=409)
    assert f"moderation/users/{reader.account_id}" in refused["error"]["message"]
    guest = await post(client, "news")
    assert (await client.get(_url(guest["id"]))).status_code == 401
    for who in (reader, sport_desk):
        await _standing(client, who, guest["id"], expect=403)
        await _standing(client, who, guest["id"], expect=403, premoderated=True)
    await _standing(client, desk, guest["id"], expect=422, note="x" * 501)
    await _standing(client, desk, guest["id"], expect=422, premoderated="maybe")
    await _standing(client, desk, guest["id"], expect=422, banned=True)  # not a field here
    await _standing(client, desk, 999_999, expect=404, note="who?")
    theirs = await post(client, "sport")
    await _standing(client, desk, theirs["id"], expect=404)  # another site's comment
    assert (await _standing(client, desk, guest["id"]))["premoderated"] is False
    await post(client, "news")  # nothing the refusals tried took effect


async def test_the_author_panel_of_an_account(app: FastAPI, client: httpx.AsyncClient) -> None:
    desk = await _sites(app)
    reader = await sign_in(app, "reader")
    sport_desk = await sign_in(app, "sport-desk", moderates=("sport",))
    written = [await post(client, "news", headers=reader.headers) for _ in range(3)]
    await post(client, "sport", headers=reader.headers)
    decide = f"/api/v1/sites/news/moderation/comments/{written[0]['id']}"
    assert (
        await client.post(decide, json={"action": "reject"}, headers=desk.headers)
    ).status_code == 200
    put = await client.put(
        f"/api/v1/sites/news/moderation/users/{reader.account_id}",
        json={"premoderated": True, "note": "watch"},
        headers=desk.headers,
    )
    assert put.status_code == 200, put.text
    await post(client, "news", headers=reader.headers, expect=202)

    principal = Principal(desk.account_id, "desk", False, "bearer")
    async with session_factory(app.state.engine)() as db:
        panel = await user_states.author_panel(db, "news", reader.account_id, principal, latest=2)
        assert panel.comments == user_states.StatusCounts(published=2, pending=1, rejected=1)
        assert panel.state.premoderated is True and panel.state.latest_note == "watch"
        assert [c.status for c in panel.latest] == ["pending", "published"]  # newest first
        assert all(c.site_id == panel.latest[0].site_id for c in panel.latest)
        with pytest.raises(Forbidden):
            await user_states.author_panel(
                db,
                "news",
                reader.account_id,
                Principal(sport_desk.account_id, "s", False, "bearer"),
            )
