"""Brigades and story surges through the real API and dashboard, both databases (SECURITY 31)."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import select

from rejoinder.storage.db import session_factory
from rejoinder.storage.models import AuditEntry, Comment, StoryAlert
from tests.conftest import make_site
from tests.helpers import post
from tests.integration.admin_helpers import make_staff, staff_client
from tests.integration.signed_in import sign_in

CAMPAIGN = (
    "Everyone should cancel their subscription to this paper right now. "
    "They have lost all credibility with this coverage."
)
PARAPHRASES = [
    CAMPAIGN,
    CAMPAIGN.replace("should cancel", "should really cancel"),
    CAMPAIGN.replace("coverage.", "coverage!"),
    "They have lost all credibility with this coverage. "
    "Everyone should cancel their subscription to this paper right now.",
    "I have read this paper for twenty years. " + CAMPAIGN + " Sad to see it come to this.",
    CAMPAIGN.replace("paper", "newspaper"),
]
# Only the phases under test: the model's opinion of the words is not what is checked here.
SURGE_ONLY = {"moderation": {"phases": ["length", "surge"]}}
DISTINCT = [
    "The council vote was closer than the headline suggests.",
    "Does anyone know when the consultation closes?",
    "My street flooded twice last winter, so this matters to us.",
    "Good to see the budget figures published in full.",
    "I would like to hear from the bus drivers themselves.",
    "The map in the second paragraph is very helpful.",
    "Thank you for covering the school closures.",
    "Interesting that nobody from the opposition commented.",
    "We moved here in 1998 and the traffic has doubled since.",
    "Is there a recording of the meeting anywhere?",
    "The cycling lanes on Main Street work well for my kids.",
    "Parking fees are a separate issue from the bridge repairs.",
    "How will this be paid for after the grant runs out?",
    "The photo caption names the wrong library.",
]


def codes(written: dict[str, Any]) -> list[str]:
    return [reason["code"] for reason in written["moderation"]["reasons"]]


async def test_a_brigade_of_guests_and_accounts_posting_paraphrases_is_held(
    app: FastAPI, readers: Any
) -> None:
    await make_site(app, "news")
    results = []
    for n, text in enumerate(PARAPHRASES):
        reader = readers(f"203.0.113.{n + 1}")
        if n % 2:  # every other member of the brigade is signed in
            member = await sign_in(app, f"Member {n}")
            written = await post(
                reader, "news", "s", text, headers=member.headers, expect=(201, 202)
            )
        else:
            written = await post(reader, "news", "s", text, expect=(201, 202))
        results.append(written)
    assert [r["status"] for r in results[:2]] == ["published", "published"]
    for written in results[2:]:
        assert written["status"] == "pending"
        assert "duplicate_across_accounts" in codes(written)


async def test_normal_traffic_from_distinct_readers_is_not_held_as_a_campaign(
    app: FastAPI, readers: Any
) -> None:
    await make_site(app, "news", moderation={"phases": ["length", "duplicates", "surge"]})
    for n, text in enumerate(DISTINCT[:11]):
        written = await post(readers(f"198.51.100.{n + 1}"), "news", "s", text)
        assert written["status"] == "published", written


async def _surge(readers: Any, story: str = "hot", count: int = 12) -> list[dict[str, Any]]:
    return [
        await post(readers(f"192.0.2.{n + 1}"), "news", story, DISTINCT[n], expect=(201, 202))
        for n in range(count)
    ]


async def test_a_burst_of_guests_raises_the_story_and_a_moderator_clears_it(
    app: FastAPI, readers: Any
) -> None:
    await make_site(app, "news", **SURGE_ONLY)
    burst = await _surge(readers)
    assert {w["status"] for w in burst[:11]} == {"published"}
    assert (burst[11]["status"], codes(burst[11])) == ("pending", ["story_surge"])
    await post(readers("192.0.2.99"), "news", "calm", DISTINCT[12])  # another story is calm

    await make_staff(app, "Night Desk", "desk@news.example", sites=("news",))
    desk = await staff_client(app, "desk@news.example")
    home = (await desk.http.get("/admin/")).text
    assert 'data-story="hot"' in home and 'data-story="calm"' not in home
    assert "12 comments by 12 authors in 15 minutes: 12 new (12 guests" in home
    queue = (await desk.http.get("/admin/sites/news/queues/pending")).text
    alert_id = queue.split('data-alert="')[1].split('"')[0]
    assert "1 held for review so far." in queue and "Clear alert" in queue

    cleared = await desk.post(
        f"/admin/sites/news/alerts/{alert_id}/clear", {"back": "/admin/sites/news/queues/pending"}
    )
    assert cleared.status_code == 303
    assert cleared.headers["location"] == "/admin/sites/news/queues/pending"
    assert 'data-story="hot"' not in (await desk.http.get("/admin/")).text
    again = await desk.post(f"/admin/sites/news/alerts/{alert_id}/clear", {})
    assert again.status_code == 404  # cleared once; never a 500

    async with session_factory(app.state.engine)() as session:
        query = select(AuditEntry).where(AuditEntry.action == "story.clear_alert")
        entry = (await session.execute(query)).scalars().one()
        assert entry.target_type == "story" and entry.actor_name == "Night Desk"
        assert entry.before is not None and entry.before["evidence"]["guests"] == 12
    # Clearing restarts the count: the next guest on the story is published.
    after = await post(readers("192.0.2.200"), "news", "hot", DISTINCT[13])
    assert after["status"] == "published"


async def test_clearing_needs_a_moderator_of_the_site(app: FastAPI, readers: Any) -> None:
    await make_site(app, "news", **SURGE_ONLY)
    await make_site(app, "other", **SURGE_ONLY)
    await _surge(readers)
    await make_staff(app, "Elsewhere", "else@news.example", sites=("other",))
    outsider = await staff_client(app, "else@news.example")
    async with session_factory(app.state.engine)() as session:
        alert = (await session.execute(select(StoryAlert))).scalars().one()
    assert 'data-alert="' not in (await outsider.http.get("/admin/")).text
    refused = await outsider.post(f"/admin/sites/news/alerts/{alert.id}/clear", {})
    assert refused.status_code in (403, 404)
    wrong_site = await outsider.post(f"/admin/sites/other/alerts/{alert.id}/clear", {})
    assert wrong_site.status_code == 404
    bad = await outsider.post("/admin/sites/other/alerts/not-a-number/clear", {})
    assert bad.status_code in (404, 422)


async def test_three_accounts_from_one_network_are_held_and_keys_are_erased(
    app: FastAPI, readers: Any, client: httpx.AsyncClient
) -> None:
    await make_site(app, "news", **SURGE_ONLY)
    office = readers("198.51.100.77")
    statuses = []
    for n in range(3):
        member = await sign_in(app, f"Puppet {n}")
        written = await post(
            office, "news", "s", DISTINCT[n], headers=member.headers, expect=(201, 202)
        )
        statuses.append(written["status"])
    assert statuses == ["published", "published", "pending"]

    guest = await post(readers("203.0.113.9"), "news", "s", "A guest's own remark.")
    await post(client, "news", "s", "Written on this machine.")  # loopback: no network key
    async with session_factory(app.state.engine)() as session:
        keys = (await session.execute(select(Comment.network_key))).scalars().all()
    assert keys.count(None) == 1  # the loopback post: the demo's reader, or an untrusted proxy
    keys = [key for key in keys if key is not None]
    async with session_factory(app.state.engine)() as session:
        alert = (await session.execute(select(StoryAlert))).scalars().one()
    assert all(key and len(key) >= 32 for key in keys)
    network = alert.evidence["networks"][0]
    assert network["authors"] == 3 and len(network["key"]) == 8
    assert network["key"] not in "198.51.100.77"  # opaque: an HMAC's prefix, not the address
    response = await client.delete(
        f"/api/v1/sites/news/comments/{guest['id']}", headers={"x-edit-token": guest["edit_token"]}
    )
    assert response.status_code == 204
    async with session_factory(app.state.engine)() as session:
        erased = await session.get(Comment, guest["id"])
        assert erased is not None and erased.network_key is None
