"""The moderator workspace's queues: risk order with its reasons, decisions by htmx and by
plain forms, bulk, reject-all-by-author, bans, filters, paging, and the site checks."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
from fastapi import FastAPI

from rejoinder.domain import dsa
from rejoinder.domain.enums import AccountRole
from rejoinder.http.admin import queues as pages
from rejoinder.services import mail
from tests.conftest import RELAXED, make_site
from tests.helpers import post
from tests.integration.admin_helpers import make_staff, staff_client

# Every comment held, and no second chance offered (a nudged post is not stored).
PRE = {"moderation": {**RELAXED["moderation"], "mode": "pre", "nudge_enabled": False}}
POST = {"moderation": {**RELAXED["moderation"], "nudge_enabled": False}}
CIVIL = "I think the minister's plan deserves a fair hearing before we judge it."
ABUSIVE = "Pathetic bunch of clowns, the lot of them."
_ITEM = re.compile(r'<article class="item" id="item-(\d+)"')


def item_ids(html: str) -> list[int]:
    return [int(found) for found in _ITEM.findall(html)]


async def _desk(app: FastAPI, sites: tuple[str, ...] = ("news",)) -> Any:
    await make_staff(app, "Night Desk", "desk@news.example", sites=sites)
    return await staff_client(app, "desk@news.example")


async def test_the_riskiest_comment_comes_first_with_its_reasons(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await make_site(app, "news", **PRE)
    civil = await post(client, "news", body=CIVIL, expect=(201, 202))
    abusive = await post(client, "news", body=ABUSIVE, expect=(201, 202))
    desk = await _desk(app)
    page = await desk.http.get("/admin/sites/news/queues/pending")
    assert page.status_code == 200
    assert item_ids(page.text) == [abusive["id"], civil["id"]]
    first = page.text.split('id="item-')[1]
    assert "Why here" in first and "score" in first  # the order is explained
    assert "autofocus" in first  # keyboard focus starts on the riskiest
    by_time = await desk.http.get("/admin/sites/news/queues/pending?sort=oldest")
    assert item_ids(by_time.text) == [civil["id"], abusive["id"]]


async def test_an_htmx_decision_swaps_the_item_in_place_and_updates_the_counts(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await make_site(app, "news", **PRE)
    held = await post(client, "news", body=CIVIL, expect=(201, 202))
    desk = await _desk(app)
    response = await desk.htmx(
        f"/admin/sites/news/comments/{held['id']}/decision",
        {"action": "approve", "kind": "pending"},
    )
    assert response.status_code == 200
    assert f'data-comment-id="{held["id"]}"' in response.text and "decided" in response.text
    assert 'hx-swap-oob="true"' in response.text
    assert re.search(r'data-count="pending">0<', response.text)
    shown = await client.get("/api/v1/sites/news/stories/story-1/comments")
    assert [c["id"] for c in shown.json()["items"]] == [held["id"]]


async def test_a_plain_form_rejects_with_a_reason_and_returns_to_the_queue(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await make_site(app, "news", **PRE)
    held = await post(client, "news", body=ABUSIVE, expect=(201, 202))
    desk = await _desk(app)
    response = await desk.post(
        f"/admin/sites/news/comments/{held['id']}/decision",
        {"action": "reject", "reason_code": "incivility", "reason_text": "name-calling",
         "back": "/admin/sites/news/queues/pending"},
    )  # fmt: skip
    assert response.status_code == 303
    assert response.headers["location"] == "/admin/sites/news/queues/pending"
    rejected = await desk.http.get("/admin/sites/news/queues/rejected")
    assert item_ids(rejected.text) == [held["id"]]
    assert "Uncivil or abusive: name-calling" in rejected.text  # the earlier decision's reason


async def test_bulk_reject_three(app: FastAPI, client: httpx.AsyncClient) -> None:
    await make_site(app, "news", **PRE)
    ids = [(await post(client, "news", expect=(201, 202)))["id"] for _ in range(4)]
    desk = await _desk(app)
    response = await desk.post(
        "/admin/sites/news/bulk",
        {"action": "reject", "ids": [str(i) for i in ids[:3]], "reason_code": "spam",
         "back": "/admin/sites/news/queues/pending"},
    )  # fmt: skip
    assert response.status_code == 303
    assert response.headers["location"].endswith("done=3")
    pending = await desk.http.get("/admin/sites/news/queues/pending")
    assert item_ids(pending.text) == [ids[3]]
    assert (
        sorted(item_ids((await desk.http.get("/admin/sites/news/queues/rejected")).text)) == ids[:3]
    )


async def test_reject_all_by_an_author_on_the_site(app: FastAPI, readers: Any) -> None:
    await make_site(app, "news", **PRE)
    troll, other = readers("203.0.113.7"), readers("198.51.100.9")
    theirs = [(await post(troll, "news", expect=(201, 202)))["id"] for _ in range(3)]
    kept = (await post(other, "news", expect=(201, 202)))["id"]
    desk = await _desk(app)
    response = await desk.post(
        f"/admin/sites/news/comments/{theirs[0]}/reject-author",
        {"reason_code": "spam", "back": "/admin/sites/news/queues/pending"},
    )
    assert response.status_code == 303 and response.headers["location"].endswith("done=3")
    assert item_ids((await desk.http.get("/admin/sites/news/queues/pending")).text) == [kept]


async def test_banning_a_guest_from_an_item_stops_their_next_post(
    app: FastAPI, readers: Any
) -> None:
    await make_site(app, "news", **POST)
    troll = readers("203.0.113.7")
    first = await post(troll, "news", body=ABUSIVE, expect=(201, 202))
    desk = await _desk(app)
    response = await desk.htmx(
        f"/admin/sites/news/comments/{first['id']}/ban", {"days": "7", "reason_text": "abuse"}
    )
    assert response.status_code == 200 and "7 days" in response.text
    await post(troll, "news", expect=403)


async def test_a_report_moves_its_comment_up(app: FastAPI, client: httpx.AsyncClient) -> None:
    await make_site(app, "news", **RELAXED)
    quiet = await post(client, "news", body=CIVIL)
    reported = await post(client, "news", body="Another view on the talks.")
    response = await client.post(
        f"/api/v1/sites/news/comments/{reported['id']}/reports",
        json={"reason": "harassment", "detail": "targets a named official"},
    )
    assert response.status_code in (200, 201), response.text
    await mail.drain()  # the job that recounts the comment's risk
    desk = await _desk(app)
    page = await desk.http.get("/admin/sites/news/queues/reported")
    assert item_ids(page.text) == [reported["id"]]
    assert "1 report" in page.text and "targets a named official" in page.text
    everything = await desk.http.get("/admin/sites/news/queues/all?sort=risk")
    assert item_ids(everything.text)[0] == reported["id"] != quiet["id"]


async def test_filters_and_paging(app: FastAPI, client: httpx.AsyncClient) -> None:
    await make_site(app, "news", **PRE)
    for story in ("story-1", "story-2"):
        for _ in range(3):
            await post(client, "news", story, expect=(201, 202))
    desk = await _desk(app)
    one = await desk.http.get("/admin/sites/news/queues/pending?story=story-2")
    assert len(item_ids(one.text)) == 3
    seen: list[int] = []
    url = "/admin/sites/news/queues/pending"
    pages.PAGE_SIZE, saved = 2, pages.PAGE_SIZE  # three pages of two
    try:
        while url:
            page = await desk.http.get(url)
            seen += item_ids(page.text)
            found = re.search(
                r'href="(/admin/sites/news/queues/pending\?[^"]*cursor=[^"]*)"', page.text
            )
            url = found.group(1).replace("&amp;", "&") if found else ""
    finally:
        pages.PAGE_SIZE = saved
    assert len(seen) == 6 == len(set(seen))
    bad = await desk.http.get("/admin/sites/news/queues/pending?cursor=nonsense_x")
    assert bad.status_code == 400 and "cursor" in bad.text and "<html" in bad.text
    assert (await desk.http.get("/admin/sites/news/queues/nowhere")).status_code == 404


async def test_a_moderator_of_another_site_is_refused(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await make_site(app, "news", **PRE)
    await make_site(app, "sport", **PRE)
    held = await post(client, "news", expect=(201, 202))
    await make_staff(app, "Sport Desk", "sport@news.example", sites=("sport",))
    sport = await staff_client(app, "sport@news.example")
    assert (await sport.http.get("/admin/sites/news/queues/pending")).status_code == 403
    decided = await sport.htmx(
        f"/admin/sites/news/comments/{held['id']}/decision", {"action": "approve"}
    )
    assert decided.status_code == 403
    # Their own site's URL with the other site's comment: not found there.
    across = await sport.htmx(
        f"/admin/sites/sport/comments/{held['id']}/decision", {"action": "approve"}
    )
    assert across.status_code == 404
    await make_staff(app, "Chief", "chief@news.example", role=AccountRole.ADMIN)
    chief = await staff_client(app, "chief@news.example")
    assert (await chief.http.get("/admin/sites/news/queues/pending")).status_code == 200


async def test_a_decision_without_the_csrf_token_changes_nothing(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await make_site(app, "news", **PRE)
    held = await post(client, "news", expect=(201, 202))
    desk = await _desk(app)
    forged = await desk.http.post(
        f"/admin/sites/news/comments/{held['id']}/decision",
        data={"action": "approve"},
        headers={"origin": "http://testserver"},
    )
    assert forged.status_code == 403
    assert item_ids((await desk.http.get("/admin/sites/news/queues/pending")).text) == [held["id"]]


async def test_a_notice_is_rejected_on_legal_grounds_and_exported_as_a_statement(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await make_site(app, "news", **POST)
    noticed = await post(client, "news", body="The mayor took bribes from the builders, I know it.")
    filed = await client.post(
        f"/api/v1/sites/news/comments/{noticed['id']}/reports",
        json={"reason": "illegal", "legal_ground": "Defamation, Criminal Code s. 186",
              "detail": "States as fact that a named mayor took bribes."},
    )  # fmt: skip
    assert filed.status_code == 201, filed.text
    await mail.drain()
    desk = await _desk(app)
    queue = await desk.http.get("/admin/sites/news/queues/illegal")
    assert item_ids(queue.text) == [noticed["id"]]
    assert 'value="Defamation, Criminal Code s. 186"' in queue.text  # the ground, prefilled
    wrong = await desk.htmx(
        f"/admin/sites/news/comments/{noticed['id']}/decision",
        {"action": "reject", "decision_ground": "DECISION_GROUND_ILLEGAL_CONTENT",
         "category": "NOT_A_CATEGORY", "ground": "x", "explanation": "y"},
    )  # fmt: skip
    assert wrong.status_code == 400
    decided = await desk.htmx(
        f"/admin/sites/news/comments/{noticed['id']}/decision",
        {"action": "reject", "reason_code": "illegal",
         "decision_ground": "DECISION_GROUND_ILLEGAL_CONTENT",
         "ground": "Defamation, Criminal Code s. 186",
         "explanation": "An unproven accusation of a crime against a named person.",
         "category": "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH"},
    )  # fmt: skip
    assert decided.status_code == 200, decided.text
    exported = await desk.http.get("/admin/sites/news/dsa/export.jsonl")
    statements = [json.loads(line) for line in exported.text.splitlines()]
    assert len(statements) == 1
    statement = statements[0]
    assert statement["decision_ground"] == "DECISION_GROUND_ILLEGAL_CONTENT"
    assert statement["illegal_content_legal_ground"] == "Defamation, Criminal Code s. 186"
    assert statement["source_type"] == "SOURCE_ARTICLE_16"
    assert dsa.statement_problems(statement) == []


async def test_bulk_ban_bans_each_author_once(app: FastAPI, readers: Any) -> None:
    await make_site(app, "news", **POST)
    troll, other = readers("203.0.113.7"), readers("198.51.100.9")
    ids = [(await post(troll, "news"))["id"] for _ in range(2)]
    ids.append((await post(other, "news"))["id"])
    desk = await _desk(app)
    response = await desk.post(
        "/admin/sites/news/bulk",
        {"action": "ban", "days": "7", "ids": [str(i) for i in ids], "reason_code": "spam",
         "back": "/admin/sites/news/queues/all"},
    )  # fmt: skip
    assert response.status_code == 303 and response.headers["location"].endswith("done=2")
    await post(troll, "news", expect=403)
    await post(other, "news", expect=403)
    log = await desk.http.get("/admin/sites/news/audit?action=guest.ban")
    assert log.text.count('data-action="guest.ban"') == 2


async def test_featuring_keeps_the_item_and_is_audited(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await make_site(app, "news", **POST)
    published = await post(client, "news", body=CIVIL)
    desk = await _desk(app)
    response = await desk.htmx(
        f"/admin/sites/news/comments/{published['id']}/decision", {"action": "feature"}
    )
    assert response.status_code == 200 and "is featured" in response.text
    assert response.headers["hx-retarget"] == "#flash"  # the item stays in the queue
    log = await desk.http.get("/admin/sites/news/audit?action=comment.feature")
    assert 'data-action="comment.feature"' in log.text
    approved = await desk.htmx(
        f"/admin/sites/news/comments/{published['id']}/decision", {"action": "approve"}
    )
    assert approved.status_code == 200
    rows = (await desk.http.get("/admin/sites/news/audit/export.jsonl")).text.splitlines()
    last = json.loads(rows[-1])
    assert last["action"] == "comment.approve" and last["before"] is None  # nothing changed


async def test_bulk_says_what_it_left_as_it_was(app: FastAPI, client: httpx.AsyncClient) -> None:
    await make_site(app, "news", **PRE)
    held = await post(client, "news", expect=(201, 202))
    desk = await _desk(app)
    response = await desk.post(
        "/admin/sites/news/bulk",
        {"action": "reject", "ids": [str(held["id"]), "999999"],
         "back": "/admin/sites/news/queues/pending"},
    )  # fmt: skip
    assert response.headers["location"].endswith("done=1&skipped=1")
    page = await desk.http.get(response.headers["location"])
    assert "1 comment decided." in page.text and "Left as they were: 1." in page.text


async def test_the_queue_page_speaks_japanese_down_to_the_reasons_and_why_here(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await make_site(app, "news", **POST)
    held = await post(client, "news", body=ABUSIVE, expect=202)  # the model holds it
    reported = await post(client, "news", body=CIVIL)
    filed = await client.post(
        f"/api/v1/sites/news/comments/{reported['id']}/reports",
        json={"reason": "harassment", "detail": "targets a named official"},
    )
    assert filed.status_code in (200, 201), filed.text
    await mail.drain()  # the job that recounts the comment's risk
    desk = await _desk(app)
    page = await desk.http.get(
        "/admin/sites/news/queues/all?sort=risk", headers={"accept-language": "ja-JP,ja;q=0.9"}
    )
    assert page.status_code == 200 and 'lang="ja"' in page.text
    why = {
        int(found): text
        for found, text in re.findall(
            r'id="item-(\d+)".*?<p class="why"><strong>[^<]*</strong>([^<]*)</p>', page.text, re.S
        )
    }
    assert re.fullmatch(r" toxicity のスコア 0\.\d\d", why[held["id"]]), why
    assert why[reported["id"]].startswith(" 通報 1 件"), why
    assert not re.search(r"score|report", " ".join(why.values())), why
    bulk = re.search(r'<select id="bulk-reason"[^>]*>(.*?)</select>', page.text, re.S)
    assert bulk and "無礼・暴言" in bulk.group(1) and "その他" in bulk.group(1)
    for english in pages.REJECT_REASONS.values():
        assert english not in page.text, english  # neither in the bulk list nor an item's
