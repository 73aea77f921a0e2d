"""A guest may leave an email: moderators see it, the public never does, deleting erases it."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from rejoinder.storage.db import session_factory
from rejoinder.storage.models import Comment
from tests.conftest import RELAXED, make_site
from tests.helpers import comments_url, listing, post
from tests.integration.signed_in import sign_in

EMAIL = "Guest.Reader@Example.org"


async def _stored_email(app: FastAPI, comment_id: int) -> str | None:
    async with session_factory(app.state.engine)() as db:
        comment = await db.get(Comment, comment_id)
        assert comment is not None
        return comment.author_email


async def test_a_guest_email_is_kept_for_moderators_and_never_shown(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    await make_site(app, "news", moderation={**RELAXED["moderation"], "mode": "pre"})
    mod = await sign_in(app, "desk", moderates=("news",))
    held = await post(client, "news", author_email=EMAIL, expect=202)
    assert EMAIL.lower() not in str(held).lower()  # not even in the author's own answer
    assert await _stored_email(app, held["id"]) == EMAIL.lower()
    queue = await client.get("/api/v1/sites/news/moderation/queue", headers=mod.headers)
    item = queue.json()["items"][0]
    assert item["author"]["email"] == EMAIL.lower()


async def test_the_email_is_optional_checked_and_erased_on_delete(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    await make_site(app, "news", **RELAXED)
    without = await post(client, "news")
    assert await _stored_email(app, without["id"]) is None
    bad = await client.post(
        comments_url("news", "story-1"),
        json={"body": "Hello", "author_name": "G", "author_email": "not an address\r\nBcc: x@y.z",
              "story_url": "https://news.example/politics/story-1"},
    )  # fmt: skip
    assert bad.status_code == 422 and "email" in bad.json()["error"]["message"]

    mine = await post(client, "news", author_email=EMAIL)
    page = await listing(client, "news")
    assert "example.org" not in page.__repr__().lower()
    deleted = await client.delete(
        f"/api/v1/sites/news/comments/{mine['id']}", headers={"X-Edit-Token": mine["edit_token"]}
    )
    assert deleted.status_code in (200, 204), deleted.text
    assert await _stored_email(app, mine["id"]) is None
