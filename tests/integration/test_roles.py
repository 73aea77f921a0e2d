"""Roles and the moderators' API (SECURITY 18, 27): who may act where, and what their acts do."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import update

from rejoinder.services import auth
from rejoinder.storage.db import session_factory
from rejoinder.storage.models import Account, Comment
from rejoinder.storage.repositories import decisions
from tests.conftest import RELAXED, make_site
from tests.helpers import STORY_URL, comments_url, listing, post
from tests.integration.signed_in import SignedIn, sign_in

PRE = {"moderation": {**RELAXED["moderation"], "mode": "pre"}}


async def api_token(app: FastAPI, who: SignedIn) -> tuple[int, dict[str, str]]:
    async with session_factory(app.state.engine)() as db:
        account = await db.get(Account, who.account_id)
        assert account is not None
        row, secret = await auth.create_api_token(db, app.state.runtime, account, "cms")
        await db.commit()
        return row.id, {"Authorization": f"Bearer {secret}"}


BAN = {"until": (datetime.now(UTC) + timedelta(days=1)).isoformat(), "reason": "slurs"}


def staff_endpoints(site: str, comment_id: int, account_id: int) -> list[tuple[str, str, Any]]:
    """Every moderator and admin endpoint, with a body that would succeed for an admin."""
    return [
        ("GET", f"/api/v1/sites/{site}/moderation/queue", None),
        ("POST", f"/api/v1/sites/{site}/moderation/comments/{comment_id}", {"action": "reject"}),
        ("PUT", f"/api/v1/sites/{site}/moderation/users/{account_id}", {"premoderated": True}),
        ("GET", f"/api/v1/sites/{site}/moderation/users/{account_id}", None),
        ("POST", f"/api/v1/sites/{site}/moderation/comments/{comment_id}/ban-author", BAN),
        ("GET", f"/api/v1/sites/{site}/moderators", None),
        ("POST", f"/api/v1/sites/{site}/moderators", {"account_id": account_id}),
        ("DELETE", f"/api/v1/sites/{site}/moderators/{account_id}", None),
        ("PUT", f"/api/v1/admin/users/{account_id}", {"banned": True}),
    ]


async def call(
    client: httpx.AsyncClient, method: str, url: str, body: Any, headers: dict[str, str]
) -> httpx.Response:
    return await client.request(method, url, json=body, headers=headers)


async def two_sites(app: FastAPI) -> None:
    await make_site(app, "alpha", **RELAXED)
    await make_site(app, "beta", **RELAXED)


async def write(
    client: httpx.AsyncClient, site: str, who: SignedIn, expect: int, body: str = "A fair point."
) -> dict[str, Any]:
    response = await client.post(
        comments_url(site, "story-1"),
        json={"body": body, "story_url": STORY_URL},
        headers=who.headers,
    )
    assert response.status_code == expect, response.text
    data: dict[str, Any] = response.json()
    return data


async def test_anonymous_gets_401_and_a_reader_403_on_every_staff_endpoint(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    await two_sites(app)
    comment = await post(client, "alpha")
    reader = await sign_in(app, "reader")
    for method, url, body in staff_endpoints("alpha", comment["id"], reader.account_id):
        assert (await call(client, method, url, body, {})).status_code == 401, url
        refused = await call(client, method, url, body, reader.headers)
        assert refused.status_code == 403, (url, refused.text)
    assert (await listing(client, "alpha"))["total"] == 1


async def test_a_moderator_of_one_site_gets_403_on_another(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    await two_sites(app)
    theirs = await post(client, "beta")
    mod = await sign_in(app, "alpha-mod", moderates=("alpha",))
    reader = await sign_in(app, "reader")
    for method, url, body in staff_endpoints("beta", theirs["id"], reader.account_id):
        refused = await call(client, method, url, body, mod.headers)
        assert refused.status_code == 403, (url, refused.text)
        assert refused.json()["error"]["code"] == "forbidden"
    assert (await listing(client, "beta"))["total"] == 1  # beta's comment untouched


async def test_a_moderator_acts_on_their_own_site_and_only_on_its_comments(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    await two_sites(app)
    ours = await post(client, "alpha")
    theirs = await post(client, "beta")
    mod = await sign_in(app, "alpha-mod", moderates=("alpha",))
    reader = await sign_in(app, "reader")
    # Adding and removing moderators, and install-wide standing, are for admins.
    expected = [200, 200, 200, 200, 201, 200, 403, 403, 403]
    for (method, url, body), status in zip(
        staff_endpoints("alpha", ours["id"], reader.account_id), expected, strict=True
    ):
        answer = await call(client, method, url, body, mod.headers)
        assert answer.status_code == status, (url, answer.text)

    # A comment of another site is not found through this site's URL (SECURITY 27).
    url = f"/api/v1/sites/alpha/moderation/comments/{theirs['id']}"
    assert (await call(client, "POST", url, {"action": "reject"}, mod.headers)).status_code == 404
    assert (await listing(client, "beta"))["total"] == 1


async def test_an_admin_api_token_works_on_every_site_until_revoked(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    await two_sites(app)
    admin = await sign_in(app, "admin-anna", admin=True)
    reader = await sign_in(app, "reader")
    token_id, headers = await api_token(app, admin)
    for site in ("alpha", "beta"):
        comment = await post(client, site)
        for method, url, body in staff_endpoints(site, comment["id"], reader.account_id):
            answer = await call(client, method, url, body, headers)
            assert answer.status_code in (200, 201, 204), (url, answer.text)

    async with session_factory(app.state.engine)() as db:
        await auth.revoke_api_token(db, app.state.runtime, token_id)
        await db.commit()
    revoked = await client.get("/api/v1/sites/alpha/moderation/queue", headers=headers)
    assert revoked.status_code == 401


async def test_an_api_token_acts_as_its_account(client: httpx.AsyncClient, app: FastAPI) -> None:
    await two_sites(app)
    mod = await sign_in(app, "alpha-mod", moderates=("alpha",))
    _token_id, headers = await api_token(app, mod)
    assert (await client.get("/api/v1/sites/alpha/moderation/queue", headers=headers)).is_success
    assert (await client.get("/api/v1/sites/beta/moderators", headers=headers)).status_code == 403


async def _queue(
    client: httpx.AsyncClient, who: SignedIn, status: str = "pending", **params: Any
) -> dict[str, Any]:
    response = await client.get(
        "/api/v1/sites/news/moderation/queue",
        params={"status": status, **params},
        headers=who.headers,
    )
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    return data


async def _decide(
    client: httpx.AsyncClient, who: SignedIn, comment_id: int, action: str, expect: int = 200
) -> dict[str, Any]:
    response = await client.post(
        f"/api/v1/sites/news/moderation/comments/{comment_id}",
        json={"action": action, "reason": "Checked by the desk."},
        headers=who.headers,
    )
    assert response.status_code == expect, response.text
    data: dict[str, Any] = response.json()
    return data


async def test_approving_a_held_comment_publishes_it_and_counts_follow(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    await make_site(app, "news", **PRE)
    await make_site(app, "other", **PRE)
    mod = await sign_in(app, "desk", moderates=("news",))
    await post(client, "other", expect=202)  # another site's queue is not this one's
    parent = await post(client, "news", expect=202)
    queued = await _queue(client, mod)
    assert [item["id"] for item in queued["items"]] == [parent["id"]]
    assert queued["items"][0]["moderation"]["reasons"][0]["code"] == "premoderation"
    assert queued["items"][0]["story"]["url"] == STORY_URL

    assert (await _decide(client, mod, parent["id"], "approve"))["status"] == "published"
    page = await listing(client, "news")
    assert page["total"] == 1 and page["items"][0]["id"] == parent["id"]
    assert (await _queue(client, mod))["items"] == []

    reply = await post(client, "news", parent_id=parent["id"], expect=202)
    await _decide(client, mod, reply["id"], "approve")
    page = await listing(client, "news")
    assert page["total"] == 2 and page["items"][0]["reply_count"] == 1

    await _decide(client, mod, reply["id"], "reject")
    page = await listing(client, "news")
    assert page["total"] == 1 and page["items"][0]["reply_count"] == 0
    story = (await client.get("/api/v1/sites/news/stories/story-1")).json()
    assert story["comment_count"] == 1

    async with session_factory(app.state.engine)() as db:
        trail = await decisions.for_comment(db, reply["id"])
    assert [(d.actor, d.action) for d in trail] == [
        ("system", "hold"),
        (f"account:{mod.account_id}", "approve"),
        (f"account:{mod.account_id}", "reject"),
    ]
    assert trail[-1].reasons[0]["message"] == "Checked by the desk."


async def test_a_deleted_comment_cannot_be_approved(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    await make_site(app, "news", **PRE)
    mod = await sign_in(app, "desk", moderates=("news",))
    held = await post(client, "news", expect=202)
    deleted = await client.delete(
        f"/api/v1/sites/news/comments/{held['id']}", headers={"X-Edit-Token": held["edit_token"]}
    )
    assert deleted.status_code == 204
    await _decide(client, mod, held["id"], "approve", expect=409)


async def test_flagged_and_reported_queues(
    app: FastAPI, client: httpx.AsyncClient, readers: Any
) -> None:
    await make_site(app, "news", **RELAXED)
    mod = await sign_in(app, "desk", moderates=("news",))
    flagged = await post(client, "news")
    reported = await post(client, "news")
    async with session_factory(app.state.engine)() as db:
        await db.execute(
            update(Comment)
            .where(Comment.id == flagged["id"])
            .values(moderation={"action": "flag", "reasons": [], "scores": {"toxicity": 0.7}})
        )
        await db.commit()
    items = (await _queue(client, mod, "flagged"))["items"]
    assert [i["id"] for i in items] == [flagged["id"]]
    assert items[0]["moderation"]["scores"] == {"toxicity": 0.7}
    await _decide(client, mod, flagged["id"], "approve")
    assert (await _queue(client, mod, "flagged"))["items"] == []

    report_url = f"/api/v1/sites/news/comments/{reported['id']}/reports"
    first = await readers("198.51.100.1").post(report_url, json={"reason": "spam"})
    assert first.status_code == 201
    items = (await _queue(client, mod, "reported"))["items"]
    assert [i["id"] for i in items] == [reported["id"]] and items[0]["reports"] == {"spam": 1}
    await _decide(client, mod, reported["id"], "approve")
    assert (await _queue(client, mod, "reported"))["items"] == []
    # A new report after the review brings it back.
    again = await readers("198.51.100.2").post(report_url, json={"reason": "abuse"})
    assert again.status_code == 201
    items = (await _queue(client, mod, "reported"))["items"]
    assert items[0]["reports"] == {"spam": 1, "abuse": 1}


async def test_the_queue_pages_oldest_first(client: httpx.AsyncClient, app: FastAPI) -> None:
    await make_site(app, "news", **PRE)
    mod = await sign_in(app, "desk", moderates=("news",))
    held = [(await post(client, "news", expect=202))["id"] for _ in range(3)]
    first = await _queue(client, mod, limit=2)
    assert [i["id"] for i in first["items"]] == held[:2] and first["next_cursor"]
    second = await _queue(client, mod, limit=2, cursor=first["next_cursor"])
    assert [i["id"] for i in second["items"]] == held[2:] and second["next_cursor"] is None
    bad = await client.get(
        "/api/v1/sites/news/moderation/queue", params={"cursor": "x1"}, headers=mod.headers
    )
    assert bad.status_code == 400
    too_many = await client.get(
        "/api/v1/sites/news/moderation/queue", params={"limit": 101}, headers=mod.headers
    )
    assert too_many.status_code == 422


async def _standing(
    client: httpx.AsyncClient, who: SignedIn, site: str, account_id: int, **fields: Any
) -> dict[str, Any]:
    response = await client.put(
        f"/api/v1/sites/{site}/moderation/users/{account_id}", json=fields, headers=who.headers
    )
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    return data


async def test_ban_suspend_and_premoderate_change_what_a_reader_can_do(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    await two_sites(app)
    mod = await sign_in(app, "desk", moderates=("alpha",))
    reader = await sign_in(app, "reader")
    await write(client, "alpha", reader, 201)

    state = await _standing(client, mod, "alpha", reader.account_id, banned=True, note="spam links")
    assert state["banned"] and state["site"] == "alpha" and state["note"] == "spam links"
    refused = await write(client, "alpha", reader, 403)
    assert "banned" in refused["error"]["message"]
    await write(client, "beta", reader, 201)  # a site's ban is for that site

    until = datetime.now(UTC) + timedelta(days=3)
    await _standing(
        client, mod, "alpha", reader.account_id, banned=False, suspended_until=until.isoformat()
    )
    refused = await write(client, "alpha", reader, 403)
    assert until.strftime("%Y-%m-%d") in refused["error"]["message"]

    state = await _standing(
        client, mod, "alpha", reader.account_id, suspended_until=None, premoderated=True
    )
    assert state["suspended_until"] is None and state["note"] == "spam links"  # others kept
    held = await write(client, "alpha", reader, 202)
    assert [r["code"] for r in held["moderation"]["reasons"]] == ["author_premoderated"]


async def test_an_install_wide_ban_is_for_admins_and_every_site(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    await two_sites(app)
    admin = await sign_in(app, "admin-anna", admin=True)
    mod = await sign_in(app, "desk", moderates=("alpha", "beta"))
    reader = await sign_in(app, "reader")
    by_mod = await client.put(
        f"/api/v1/admin/users/{reader.account_id}", json={"banned": True}, headers=mod.headers
    )
    assert by_mod.status_code == 403
    by_admin = await client.put(
        f"/api/v1/admin/users/{reader.account_id}", json={"banned": True}, headers=admin.headers
    )
    assert by_admin.status_code == 200 and by_admin.json()["site"] is None
    for site in ("alpha", "beta"):
        await write(client, site, reader, 403)

    # A moderator cannot touch an admin's standing, even on their own site.
    on_admin = await client.put(
        f"/api/v1/sites/alpha/moderation/users/{admin.account_id}",
        json={"banned": True},
        headers=mod.headers,
    )
    assert on_admin.status_code == 403
    missing = await client.put(
        "/api/v1/sites/alpha/moderation/users/999999", json={"banned": True}, headers=mod.headers
    )
    assert missing.status_code == 404


async def test_admins_appoint_and_remove_moderators(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    await two_sites(app)
    admin = await sign_in(app, "admin-anna", admin=True)
    reader = await sign_in(app, "reader")
    assert (
        await client.get("/api/v1/sites/alpha/moderation/queue", headers=reader.headers)
    ).status_code == 403

    added = await client.post(
        "/api/v1/sites/alpha/moderators",
        json={"account_id": reader.account_id},
        headers=admin.headers,
    )
    assert added.status_code == 201 and added.json()["display_name"] == "reader"
    listed = await client.get("/api/v1/sites/alpha/moderators", headers=reader.headers)
    assert [m["account_id"] for m in listed.json()] == [reader.account_id]
    assert (
        await client.get("/api/v1/sites/alpha/moderation/queue", headers=reader.headers)
    ).is_success
    assert (
        await client.get("/api/v1/sites/beta/moderation/queue", headers=reader.headers)
    ).status_code == 403

    removed = await client.delete(
        f"/api/v1/sites/alpha/moderators/{reader.account_id}", headers=admin.headers
    )
    assert removed.status_code == 204
    assert (
        await client.get("/api/v1/sites/alpha/moderation/queue", headers=reader.headers)
    ).status_code == 403
    again = await client.delete(
        f"/api/v1/sites/alpha/moderators/{reader.account_id}", headers=admin.headers
    )
    assert again.status_code == 404


@pytest.mark.parametrize("body", [{"action": "delete"}, {"action": "approve", "extra": 1}])
async def test_decisions_are_validated(
    client: httpx.AsyncClient, app: FastAPI, body: dict[str, Any]
) -> None:
    await make_site(app, "news", **PRE)
    mod = await sign_in(app, "desk", moderates=("news",))
    held = await post(client, "news", expect=202)
    response = await client.post(
        f"/api/v1/sites/news/moderation/comments/{held['id']}", json=body, headers=mod.headers
    )
    assert response.status_code == 422
    not_json = await client.post(
        f"/api/v1/sites/news/moderation/comments/{held['id']}",
        content=b"action=approve",
        headers={**mod.headers, "content-type": "application/x-www-form-urlencoded"},
    )
    assert not_json.status_code == 415


async def test_an_api_token_cannot_delete_its_account(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    """Found by fuzzing: a token for automation erased the admin account it belongs to."""
    await make_site(app, "news", **RELAXED)
    admin = await sign_in(app, "ops", admin=True)
    _, token = await api_token(app, admin)
    refused = await client.request("DELETE", "/api/v1/me", json={}, headers=token)
    assert refused.status_code == 403
    assert "API token" in refused.json()["error"]["message"]
    assert (await client.get("/api/v1/me", headers=token)).status_code == 200
