"""A site with every kind of comment, made through the API: what the export tests export.

published, held, rejected, removed with replies (a tombstone), edited, liked, replies three
deep, a guest with an email, an account's comment, a body with `]]>`; on two stories.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
from fastapi import FastAPI

from rejoinder.storage.db import session_factory
from rejoinder.storage.models import Comment
from tests.conftest import RELAXED, make_site
from tests.helpers import post
from tests.integration.signed_in import sign_in

SITE = "news"
STORY_URL = "https://news.example/politics/story-1"
OTHER_URL = "https://news.example/world/story-2"
# Nudged, then sent again as it was: held for a moderator (test_moderation_flow.py).
RUDE = "You sound like a fool."
# `]]>` ends a CDATA section: the WXR writer must split it (a body's HTML has it as `]]&gt;`,
# an author's name as it is).
CDATA_TRAP = "Markup talk: `]]>` ends a CDATA section, and <b>tags</b> & ampersands stay text."
TRAP_NAME = "Eve]]>"
# Not "Moderator": an imported guest may not take a name that reads as staff.
STAFF_NAME = "Hana"
FEATURED_AT = datetime(2026, 11, 30, 21, 0, tzinfo=UTC)


@dataclass(frozen=True)
class RichSite:
    ids: dict[str, int]


def _url(path: str) -> str:
    return f"/api/v1/sites/{SITE}{path}"


async def _like(readers: Any, comment_id: int, count: int) -> None:
    for n in range(count):
        reader = readers(f"198.51.100.{n + 1}")
        response = await reader.post(
            _url(f"/comments/{comment_id}/reactions"), json={"kind": "like"}
        )
        assert response.status_code == 200, response.text


async def _decide(
    client: httpx.AsyncClient, headers: dict[str, str], cid: int, action: str
) -> None:
    response = await client.post(
        _url(f"/moderation/comments/{cid}"), json={"action": action}, headers=headers
    )
    assert response.status_code == 200, response.text


async def _thread(client: httpx.AsyncClient) -> dict[str, int]:
    """A top-level comment with replies three deep, the middle one removed by its author."""
    top = await post(client, SITE, body="Top of the thread.", author_name="Ada")
    middle = await post(client, SITE, body="I will regret this.", parent_id=top["id"])
    deep = await post(client, SITE, body="Reply to the regret.", parent_id=middle["id"])
    deepest = await post(client, SITE, body="Three deep.", parent_id=deep["id"], author_name="Bo")
    removed = await client.delete(
        _url(f"/comments/{middle['id']}"), headers={"x-edit-token": middle["edit_token"]}
    )
    assert removed.status_code == 204, removed.text
    return {
        "top": top["id"],
        "tombstone": middle["id"],
        "deep": deep["id"],
        "deepest": deepest["id"],
    }


async def _kinds(client: httpx.AsyncClient, staff: dict[str, str]) -> dict[str, int]:
    guest = await post(client, SITE, body="Guest *with* email.", author_name="Cy",
                       author_email="cy@example.org")  # fmt: skip
    edited = await post(client, SITE, body="First version.", author_name="Di")
    patched = await client.patch(
        _url(f"/comments/{edited['id']}"),
        json={"body": "Second, **edited** version."},
        headers={"x-edit-token": edited["edit_token"]},
    )
    assert patched.status_code == 200, patched.text
    trap = await post(client, SITE, body=CDATA_TRAP, author_name=TRAP_NAME)
    nudged = await post(client, SITE, body=RUDE, author_name="Fu", expect=422)
    held = await post(client, SITE, body=RUDE, author_name="Fu", resubmit=True, expect=202)
    rejected = await post(client, SITE, body="Buy my thing, a fine thing.", author_name="Gil")
    await _decide(client, staff, rejected["id"], "reject")
    own = await post(client, SITE, body="Written by an account.", headers=staff)
    del nudged
    return {"guest": guest["id"], "edited": edited["id"], "trap": trap["id"],
            "held": held["id"], "rejected": rejected["id"], "account": own["id"]}  # fmt: skip


async def _feature(app: FastAPI, comment_id: int) -> None:
    """As the dashboard's `f` leaves it (the feature's own tests are in test_admin_queues.py)."""
    async with session_factory(app.state.engine)() as db:
        comment = await db.get(Comment, comment_id)
        assert comment is not None
        comment.featured_at = FEATURED_AT
        await db.commit()


async def build(app: FastAPI, client: httpx.AsyncClient, readers: Any) -> RichSite:
    await make_site(app, SITE, **RELAXED)  # no flood or duplicate checks: one fast writer
    staff = (await sign_in(app, STAFF_NAME, moderates=(SITE,))).headers
    ids = {**await _thread(client), **await _kinds(client, staff)}
    await _like(readers, ids["top"], 3)
    await _like(readers, ids["guest"], 1)
    await _feature(app, ids["top"])
    other = await post(client, SITE, "story-2", body="Elsewhere.", story_url=OTHER_URL,
                       story_title="Another story")  # fmt: skip
    ids["other"] = other["id"]
    return RichSite(ids)
