"""An edit cannot undo moderation (SECURITY 16): it is judged as a new post from that author now."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from fastapi import FastAPI

from rejoinder.storage.db import session_factory
from rejoinder.storage.repositories import accounts as account_repo
from tests.conftest import make_site
from tests.helpers import listing, post
from tests.integration.signed_in import SignedIn, sign_in


async def _edit(
    client: httpx.AsyncClient, site: str, written: dict[str, Any], body: str
) -> httpx.Response:
    return await client.patch(
        f"/api/v1/sites/{site}/comments/{written['id']}",
        json={"body": body},
        headers={"x-edit-token": written["edit_token"]},
    )


async def _decide(client: httpx.AsyncClient, mod: SignedIn, comment_id: int, verdict: str) -> None:
    response = await client.post(
        f"/api/v1/sites/news/moderation/comments/{comment_id}",
        json={"action": verdict},
        headers=mod.headers,
    )
    assert response.status_code == 200, response.text


async def _standing(
    client: httpx.AsyncClient, mod: SignedIn, account_id: int, **fields: Any
) -> None:
    response = await client.put(
        f"/api/v1/sites/news/moderation/users/{account_id}", json=fields, headers=mod.headers
    )
    assert response.status_code == 200, response.text


async def test_a_rejected_comment_cannot_be_edited_back_into_view(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    await make_site(app, "news")
    mod = await sign_in(app, "desk", moderates=("news",))
    written = await post(client, "news", body="A civil point about the talks.")
    await _decide(client, mod, written["id"], "reject")
    edited = await _edit(client, "news", written, "A civil point about the talks!")
    assert edited.status_code == 403, edited.text
    assert "rejected" in edited.json()["error"]["message"]
    assert (await listing(client, "news"))["total"] == 0
    permalink = await client.get(f"/api/v1/sites/news/comments/{written['id']}")
    assert permalink.status_code == 404


async def test_a_moderators_approval_ends_older_edit_tokens(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    await make_site(app, "news", moderation={"mode": "pre"})
    mod = await sign_in(app, "desk", moderates=("news",))
    written = await post(client, "news", body="Held for a moderator.", expect=202)
    await _decide(client, mod, written["id"], "approve")
    edited = await _edit(client, "news", written, "Swapped after approval for spam.")
    assert edited.status_code == 403, edited.text


async def test_an_edit_of_a_held_comment_stays_held(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    await make_site(app, "news", moderation={"mode": "pre"})
    written = await post(client, "news", body="Held for a moderator.", expect=202)
    edited = await _edit(client, "news", written, "Held for a moderator!")
    assert edited.status_code == 202, edited.text
    assert edited.json()["status"] == "pending"
    assert (await listing(client, "news"))["total"] == 0


async def test_a_comment_held_for_a_new_account_stays_held_when_edited(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    await make_site(app, "news")
    newcomer = await sign_in(app, "newcomer")
    async with session_factory(app.state.engine)() as session:
        account = await account_repo.get(session, newcomer.account_id)
        assert account is not None
        account.created_at = datetime.now(UTC)  # an account made a minute ago
        await session.commit()
    written = await post(
        client, "news", body="My first comment here.", headers=newcomer.headers, expect=202
    )
    assert written["moderation"]["reasons"][0]["code"] == "new_account"
    edited = await _edit(client, "news", written, "My first comment here!")
    assert edited.status_code == 202, edited.text
    assert edited.json()["status"] == "pending"


async def test_a_premoderated_reader_cannot_publish_by_editing(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    await make_site(app, "news")
    mod = await sign_in(app, "desk", moderates=("news",))
    reader = await sign_in(app, "reader")
    written = await post(client, "news", body="Before the decision.", headers=reader.headers)
    await _standing(client, mod, reader.account_id, premoderated=True)
    edited = await _edit(client, "news", written, "After the decision.")
    assert edited.status_code == 202, edited.text
    assert edited.json()["status"] == "pending"
    assert (await listing(client, "news"))["total"] == 0


async def test_a_banned_reader_cannot_edit(client: httpx.AsyncClient, app: FastAPI) -> None:
    await make_site(app, "news")
    mod = await sign_in(app, "desk", moderates=("news",))
    reader = await sign_in(app, "reader")
    written = await post(client, "news", body="Before the ban.", headers=reader.headers)
    await _standing(client, mod, reader.account_id, banned=True)
    edited = await _edit(client, "news", written, "After the ban, with spam.")
    assert edited.status_code == 403, edited.text
    assert "banned" in edited.json()["error"]["message"]
    assert (await listing(client, "news"))["items"][0]["body_html"] == "<p>Before the ban.</p>"


async def test_a_civil_edit_of_a_published_comment_stays_published(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    await make_site(app, "news")
    written = await post(client, "news", body="A fair point about submarines.")
    edited = await _edit(client, "news", written, "A fair point about the submarines.")
    assert edited.status_code == 200, edited.text
    assert edited.json()["status"] == "published"


async def test_an_edit_into_a_copy_of_the_authors_other_comment_is_refused(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    await make_site(app, "news")
    await post(client, "news", body="Buy the newsletter at example.com for the real story now.")
    second = await post(client, "news", body="An honest question about the treaty text.")
    edited = await _edit(
        client, "news", second, "Buy the newsletter at example.com for the real story now."
    )
    assert edited.status_code == 202, edited.text
    assert edited.json()["status"] != "published"


async def test_a_banned_guest_cannot_edit(
    client: httpx.AsyncClient, app: FastAPI, readers: Any
) -> None:
    await make_site(app, "news")
    mod = await sign_in(app, "desk", moderates=("news",))
    guest = readers("198.51.100.7")
    written = await post(guest, "news", body="Before the ban.")
    until = (datetime.now(UTC) + timedelta(days=7)).isoformat()
    banned = await client.post(
        f"/api/v1/sites/news/moderation/comments/{written['id']}/ban-author",
        json={"until": until},
        headers=mod.headers,
    )
    assert banned.status_code == 201, banned.text
    edited = await _edit(guest, "news", written, "After the ban, with spam.")
    assert edited.status_code == 403, edited.text
    assert "banned" in edited.json()["error"]["message"]
