"""The readers' inbox (docs/notifications.md#the-inbox), through the API the widget's bell uses:
a reply makes one item (none for a reply to oneself or by a muted reader), the unread count,
marking read by ids and all, nobody reads or marks another's, guests get 401, and moderators'
featuring, approval and rejection (with its reasons) make items too.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from rejoinder.domain.events import CommentPublished
from rejoinder.services import jobs, mail
from rejoinder.storage.db import session_factory
from rejoinder.storage.repositories import comments as comment_repo
from rejoinder.storage.repositories import inbox as inbox_repo
from tests.conftest import RELAXED, make_site
from tests.helpers import STORY_URL, post
from tests.integration.admin_helpers import make_staff, staff_client
from tests.integration.signed_in import SignedIn, sign_in
from tests.mailbox import shift_clock

INBOX = "/api/v1/sites/news/me/inbox"
HOLD = {"moderation": {**RELAXED["moderation"], "suspect_words": ["crypto"]}}


@pytest.fixture
async def site(app: FastAPI) -> str:
    await make_site(app, "news", **HOLD)
    return "news"


async def _inbox(client: httpx.AsyncClient, who: SignedIn, **params: Any) -> dict[str, Any]:
    response = await client.get(INBOX, params=params, headers=who.headers)
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    await mail.drain()  # nothing the read did is left running
    data: dict[str, Any] = response.json()
    return data


async def _unread(client: httpx.AsyncClient, who: SignedIn) -> int:
    response = await client.get(f"{INBOX}/unread", headers=who.headers)
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    count: int = response.json()["unread"]
    return count


async def _mark(client: httpx.AsyncClient, who: SignedIn, body: dict[str, Any]) -> int:
    response = await client.post(f"{INBOX}/read", json=body, headers=who.headers)
    assert response.status_code == 200, response.text
    count: int = response.json()["unread"]
    return count


async def _says(client: httpx.AsyncClient, who: SignedIn, body: str, **fields: Any) -> Any:
    return await post(client, "news", body=body, headers=who.headers, **fields)


async def test_a_reply_makes_one_item_and_replies_to_oneself_make_none(
    app: FastAPI, client: httpx.AsyncClient, site: str
) -> None:
    ana, ben = await sign_in(app, "Ana"), await sign_in(app, "Ben")
    mine = await _says(client, ana, "The budget leaves the rail line out entirely.")
    await _says(client, ana, "And I should add the bus plan is unfunded.", parent_id=mine["id"])
    reply = await _says(
        client, ben, "It was **moved** to the next year, see page 12.", parent_id=mine["id"]
    )
    await mail.drain()
    found = await _inbox(client, ana)
    assert found["unread"] == 1 and found["next_cursor"] is None
    (item,) = found["items"]
    assert item == {
        "id": item["id"], "kind": "reply", "created_at": item["created_at"], "read": False,
        "comment_id": reply["id"],
        "story": {"key": "story-1", "title": item["story"]["title"], "url": STORY_URL},
        "actor_name": "Ben", "excerpt": "It was moved to the next year, see page 12.",
        "reason": None,
    }  # fmt: skip
    assert await _unread(client, ana) == 1
    assert (await _inbox(client, ben))["items"] == []  # Ben replied: nothing for him

    # The job run again (its worker died after acting): still one item.
    async with session_factory(app.state.engine)() as session:
        row = await comment_repo.get(session, reply["id"])
        assert row is not None
        event = CommentPublished(row.id, row.story_id, row.site_id, new=True)
        payload = {"type": event.name, "event": event.payload()}
        await jobs.kind("event.inbox.reply").run(session, app.state.runtime, payload)
        await session.commit()
    assert await _unread(client, ana) == 1


async def test_no_item_for_a_reply_by_a_muted_reader_nor_for_a_guests_comment(
    app: FastAPI, client: httpx.AsyncClient, site: str
) -> None:
    ana, ben = await sign_in(app, "Ana"), await sign_in(app, "Ben")
    muted = await client.post("/api/v1/me/mutes", json={"account_id": ben.account_id},
                              headers=ana.headers)  # fmt: skip
    assert muted.status_code == 201, muted.text
    mine = await _says(client, ana, "A first comment on the budget.")
    await _says(client, ben, "A reply Ana does not want to see.", parent_id=mine["id"])
    guests = await post(client, "news", author_name="Gil")
    await _says(client, ben, "A reply to a guest.", parent_id=guests["id"])
    await mail.drain()
    assert await _unread(client, ana) == 0
    assert (await _inbox(client, ana))["items"] == []


async def test_marking_read_by_ids_and_all_and_nobody_reads_or_marks_anothers(
    app: FastAPI, client: httpx.AsyncClient, site: str
) -> None:
    ana, ben, cara = [await sign_in(app, name) for name in ("Ana", "Ben", "Cara")]
    mine = await _says(client, ana, "Rents went up by a third in two years.")
    for n in range(3):
        await _says(client, ben, f"Reply number {n} on rents.", parent_id=mine["id"])
    await mail.drain()
    page = await _inbox(client, ana, limit=2)
    assert [i["excerpt"] for i in page["items"]] == ["Reply number 2 on rents.",
                                                     "Reply number 1 on rents."]  # fmt: skip
    older = await _inbox(client, ana, limit=2, cursor=page["next_cursor"])
    assert [i["excerpt"] for i in older["items"]] == ["Reply number 0 on rents."]
    assert older["next_cursor"] is None
    newest, oldest = page["items"][0]["id"], older["items"][0]["id"]

    assert (await _inbox(client, cara))["items"] == []  # not hers to read
    assert await _mark(client, cara, {"ids": [newest, oldest]}) == 0  # ignored, not refused
    assert await _unread(client, ana) == 3
    assert await _mark(client, ana, {"ids": [newest, 999_999]}) == 2
    reread = await _inbox(client, ana)
    assert [i["read"] for i in reread["items"]] == [True, False, False]
    assert await _mark(client, ana, {"all": True}) == 0
    assert await _mark(client, ana, {"all": True}) == 0  # again: the same

    for bad in ({}, {"ids": [1], "all": True}, {"all": False}, {"ids": ["x"]}, {"ids": [0]},
                {"ids": list(range(1, 102))}, {"every": True}):  # fmt: skip
        refused = await client.post(f"{INBOX}/read", json=bad, headers=ana.headers)
        assert refused.status_code == 422, (bad, refused.text)
        assert refused.json()["error"]["code"] == "invalid"
    as_text = await client.post(
        f"{INBOX}/read",
        content='{"all": true}',
        headers=ana.headers | {"content-type": "text/plain"},
    )
    assert as_text.status_code == 415
    by_cookie = {"cookie": f"rejoinder_session={ana.token}"}
    no_csrf = await client.post(f"{INBOX}/read", json={"all": True}, headers=by_cookie)
    assert no_csrf.status_code == 403 and "X-CSRF-Token" in no_csrf.text


async def test_guests_and_strangers_get_clear_errors(
    app: FastAPI, client: httpx.AsyncClient, site: str
) -> None:
    for path in (INBOX, f"{INBOX}/unread"):
        anonymous = await client.get(path)
        assert anonymous.status_code == 401 and anonymous.json()["error"]["code"] == "unauthorized"
    refused = await client.post(f"{INBOX}/read", json={"all": True})
    assert refused.status_code == 401
    stale = await client.get(INBOX, headers={"authorization": "Bearer rjs_not-a-session"})
    assert stale.status_code == 401
    ana = await sign_in(app, "Ana")
    missing = await client.get("/api/v1/sites/nowhere/me/inbox", headers=ana.headers)
    assert missing.status_code == 404
    bad_cursor = await client.get(INBOX, params={"cursor": "nonsense"}, headers=ana.headers)
    assert bad_cursor.status_code == 400 and "cursor" in bad_cursor.text
    too_many = await client.get(INBOX, params={"limit": 101}, headers=ana.headers)
    assert too_many.status_code == 422


async def test_featuring_approving_and_rejecting_make_items_the_last_with_its_reason(
    app: FastAPI, client: httpx.AsyncClient, site: str
) -> None:
    ana = await sign_in(app, "Ana")
    moderator = await sign_in(app, "Mo", moderates=("news",))
    held = await _says(client, ana, "Crypto will fix the housing market.", expect=202)
    doomed = await _says(client, ana, "Crypto is the answer to every question.", expect=202)
    featured = await _says(client, ana, "The transit plan needs a second look.")
    decide = "/api/v1/sites/news/moderation/comments/{}"
    approved = await client.post(decide.format(held["id"]), json={"action": "approve"},
                                 headers=moderator.headers)  # fmt: skip
    assert approved.status_code == 200, approved.text
    rejected = await client.post(
        decide.format(doomed["id"]),
        json={"action": "reject", "reason": "Off topic: this is about transit."},
        headers=moderator.headers,
    )
    assert rejected.status_code == 200, rejected.text
    await make_staff(app, "Night Desk", "desk@news.example", sites=("news",))
    desk = await staff_client(app, "desk@news.example")
    response = await desk.htmx(
        f"/admin/sites/news/comments/{featured['id']}/decision", {"action": "feature"}
    )
    assert response.status_code == 200, response.text
    await mail.drain()

    items = (await _inbox(client, ana))["items"]
    by_kind = {item["kind"]: item for item in items}
    assert sorted(by_kind) == ["approved", "featured", "rejected"] and len(items) == 3
    assert by_kind["approved"]["comment_id"] == held["id"]
    assert by_kind["approved"]["excerpt"] == "Crypto will fix the housing market."
    assert by_kind["featured"]["comment_id"] == featured["id"]
    assert by_kind["rejected"]["comment_id"] == doomed["id"]
    assert "Off topic: this is about transit." in by_kind["rejected"]["reason"]
    assert by_kind["approved"]["reason"] is None and by_kind["featured"]["actor_name"] is None
    assert await _unread(client, ana) == 3


async def test_items_go_with_the_account_and_after_90_days_and_are_in_the_export(
    app: FastAPI, client: httpx.AsyncClient, site: str
) -> None:
    ana, ben = await sign_in(app, "Ana"), await sign_in(app, "Ben")
    mine = await _says(client, ana, "Schools need more teachers, not more tests.")
    await _says(client, ben, "Both, surely.", parent_id=mine["id"])
    await mail.drain()
    export = await client.get("/api/v1/me/export", headers=ana.headers)
    assert export.status_code == 200
    (exported,) = export.json()["inbox"]
    assert exported["kind"] == "reply" and exported["site"] == "news"
    assert exported["comment_id"] == mine["id"]

    shift_clock(app, timedelta(days=89))
    await mail.drain()  # the hourly housekeeping: not yet
    assert len(await _items_of(app, ana)) == 1
    shift_clock(app, timedelta(days=91))
    await mail.drain()
    assert await _items_of(app, ana) == []
    shift_clock(app, timedelta(0))

    await _says(client, ben, "A second reply.", parent_id=mine["id"])
    await mail.drain()
    assert await _unread(client, ana) == 1
    gone = await client.request("DELETE", "/api/v1/me", json={}, headers=ana.headers)
    assert gone.status_code == 204, gone.text
    assert await _items_of(app, ana) == []


async def _items_of(app: FastAPI, who: SignedIn) -> list[Any]:
    async with session_factory(app.state.engine)() as session:
        return await inbox_repo.of_account(session, who.account_id)
