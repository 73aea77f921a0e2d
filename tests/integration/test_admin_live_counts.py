"""The dashboard's queue counts follow the site live: held, reported and decided comments
recount the queues for every moderator watching, and only they may watch."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from rejoinder.http.deps import SESSION_COOKIE
from tests.conftest import RELAXED, make_site
from tests.helpers import post
from tests.integration.admin_helpers import make_staff, staff_client
from tests.live_client import LiveReader

PRE = {"moderation": {**RELAXED["moderation"], "mode": "pre", "nudge_enabled": False}}
EVENTS = "/admin/sites/news/events"


async def test_a_moderator_sees_the_queue_counts_move_as_comments_are_held_and_decided(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await make_site(app, "news", **PRE)
    await make_staff(app, "Night Desk", "desk@news.example", sites=("news",))
    desk = await staff_client(app, "desk@news.example")
    cookie = {"cookie": f"{SESSION_COOKIE}={desk.http.cookies[SESSION_COOKIE]}"}
    async with LiveReader(app, EVENTS, headers=cookie) as watching:
        first = await watching.next()
        assert (first.name, first.data["pending"]) == ("counts", 0)
        held = await post(client, "news", expect=202)
        assert (await watching.next()).data["pending"] == 1
        decided = await desk.htmx(
            f"/admin/sites/news/comments/{held['id']}/decision", {"action": "approve"}
        )
        assert decided.status_code == 200, decided.text
        after = await watching.next()
    assert (after.data["pending"], after.data["approved"]) == (0, 1)
    await desk.http.aclose()


async def test_only_the_sites_moderators_may_watch_its_counts(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await make_site(app, "news", **PRE)
    await make_site(app, "other", **PRE)
    await make_staff(app, "Elsewhere", "else@news.example", sites=("other",))
    outsider = await staff_client(app, "else@news.example")
    refused = await outsider.http.get(EVENTS)
    assert refused.status_code in (403, 404)
    anonymous = await client.get(EVENTS)
    assert anonymous.status_code in (303, 401, 403)
    await outsider.http.aclose()
