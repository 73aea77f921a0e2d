"""Guest edit tokens (SECURITY 12-13), edits within the window, delete to a tombstone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from fastapi import FastAPI

from rejoinder.services.runtime import Runtime
from tests.helpers import listing, post


def _edit_url(site: str, comment_id: int) -> str:
    return f"/api/v1/sites/{site}/comments/{comment_id}"


async def _edit(
    client: httpx.AsyncClient, site: str, comment: dict[str, Any], body: str, token: str
) -> httpx.Response:
    return await client.patch(
        _edit_url(site, comment["id"]), json={"body": body}, headers={"x-edit-token": token}
    )


async def test_author_edits_with_token_and_old_token_stops_working(
    client: httpx.AsyncClient, site: str
) -> None:
    comment = await post(client, site, body="Frist")
    edited = await _edit(client, site, comment, "First, corrected", comment["edit_token"])
    assert edited.status_code == 200, edited.text
    assert edited.json()["body_html"] == "<p>First, corrected</p>"
    assert edited.json()["edited_at"] is not None
    # The token was bound to the old version of the comment.
    replay = await _edit(client, site, comment, "Replayed", comment["edit_token"])
    assert replay.status_code == 403
    page = await listing(client, site)
    assert page["items"][0]["body_html"] == "<p>First, corrected</p>"


async def test_token_of_one_comment_cannot_edit_another(
    client: httpx.AsyncClient, site: str
) -> None:
    mine = await post(client, site, body="mine")
    theirs = await post(client, site, body="theirs")
    response = await _edit(client, site, theirs, "defaced", mine["edit_token"])
    assert response.status_code == 403
    forged = await _edit(client, site, theirs, "defaced", mine["edit_token"][:-2] + "AA")
    assert forged.status_code == 403


async def test_source_needs_the_token(client: httpx.AsyncClient, site: str) -> None:
    comment = await post(client, site, body="**secret draft**")
    url = f"/api/v1/sites/{site}/comments/{comment['id']}/source"
    assert (await client.get(url)).status_code == 401  # no token, and nobody signed in
    assert (await client.get(url, headers={"x-edit-token": "nope"})).status_code == 403
    ok = await client.get(url, headers={"x-edit-token": comment["edit_token"]})
    assert ok.json()["body"] == "**secret draft**"


async def test_edit_window_closes(client: httpx.AsyncClient, site: str, app: FastAPI) -> None:
    comment = await post(client, site, body="typo")
    runtime: Runtime = app.state.runtime
    later = datetime.now(UTC) + timedelta(hours=1)
    app.state.runtime = Runtime(runtime.settings, runtime.signing_key, clock=lambda: later)
    response = await _edit(client, site, comment, "fixed", comment["edit_token"])
    assert response.status_code == 403
    assert "time to edit" in response.json()["error"]["message"]


async def test_delete_leaves_a_tombstone_that_keeps_replies(
    client: httpx.AsyncClient, site: str
) -> None:
    parent = await post(client, site, body="I will regret this", author_name="Regretful")
    reply = await post(client, site, body="a reply", parent_id=parent["id"])
    response = await client.delete(
        _edit_url(site, parent["id"]), headers={"x-edit-token": parent["edit_token"]}
    )
    assert response.status_code == 204
    page = await listing(client, site)
    tombstone, kept = page["items"]
    assert tombstone["status"] == "deleted"
    assert tombstone["body_html"] == "" and tombstone["author"]["name"] is None
    assert kept["id"] == reply["id"] and kept["parent_id"] == parent["id"]
    assert page["total"] == 1
    # A deleted comment's token is dead.
    again = await _edit(client, site, parent, "back", parent["edit_token"])
    assert again.status_code == 403


async def test_deleted_comment_without_replies_disappears(
    client: httpx.AsyncClient, site: str
) -> None:
    comment = await post(client, site, body="gone soon")
    await client.delete(
        _edit_url(site, comment["id"]), headers={"x-edit-token": comment["edit_token"]}
    )
    assert (await listing(client, site))["items"] == []
