"""The queues' author and reason filters, bulk approval, and the highlighted words on a page
(what tests/integration/test_admin_queues.py does not cover; issue 12's audit)."""

from __future__ import annotations

import re
from typing import Any

import httpx
from fastapi import FastAPI

from tests.conftest import RELAXED, make_site
from tests.helpers import listing, post
from tests.integration.admin_helpers import StaffClient, make_staff, staff_client

PRE = {"moderation": {**RELAXED["moderation"], "mode": "pre", "nudge_enabled": False}}
POST = {"moderation": {**RELAXED["moderation"], "nudge_enabled": False}}
ALL = "/admin/sites/news/queues/all"
_ITEM = re.compile(r'<article class="item" id="item-(\d+)"')


def item_ids(html: str) -> list[int]:
    return [int(found) for found in _ITEM.findall(html)]


def item_html(page: str, comment_id: int) -> str:
    return page.split(f'id="item-{comment_id}"')[1].split("</article>")[0]


async def _desk(app: FastAPI) -> StaffClient:
    await make_staff(app, "Night Desk", "desk@news.example", sites=("news",))
    return await staff_client(app, "desk@news.example")


async def _shown(desk: StaffClient, query: str) -> list[int]:
    page = await desk.http.get(f"{ALL}?{query}")
    assert page.status_code == 200, page.text
    return sorted(item_ids(page.text))


async def test_the_author_filter_keeps_one_authors_comments(app: FastAPI, readers: Any) -> None:
    await make_site(app, "news", **POST)
    alice, bob = readers("203.0.113.7"), readers("198.51.100.9")
    hers = [(await post(alice, "news", author_name="Alice"))["id"] for _ in range(2)]
    his = (await post(bob, "news", author_name="Bob"))["id"]
    desk = await _desk(app)
    assert await _shown(desk, "") == sorted([*hers, his])
    assert await _shown(desk, "author=Bob") == [his]
    assert await _shown(desk, "author=alice") == hers  # a name in any case
    assert await _shown(desk, "author=Carol") == []
    page = await desk.http.get(f"{ALL}?author=Bob")
    assert 'name="author" value="Bob"' in page.text  # the filter is shown as typed
    refused = await desk.http.get(f"{ALL}?author=account:abc")
    assert refused.status_code == 400 and "account number" in refused.text


async def test_the_reason_filter_keeps_a_report_reason_or_a_rules_code(
    app: FastAPI, readers: Any
) -> None:
    moderation = {**POST["moderation"], "suspect_words": ["casino"]}
    await make_site(app, "news", moderation=moderation)
    author, reporter = readers("203.0.113.7"), readers("198.51.100.9")
    spam = (await post(author, "news", body="Read my view on the budget talks."))["id"]
    quiet = (await post(author, "news", body="A second and quiet view on the talks."))["id"]
    held = await post(author, "news", body="The casino down the road pays for this.", expect=202)
    filed = await reporter.post(
        f"/api/v1/sites/news/comments/{spam}/reports",
        json={"reason": "spam", "detail": "an advert"},
    )
    assert filed.status_code in (200, 201), filed.text
    desk = await _desk(app)
    assert await _shown(desk, "") == sorted([spam, quiet, held["id"]])
    assert await _shown(desk, "reason=spam") == [spam]
    assert await _shown(desk, "reason=harassment") == []
    assert await _shown(desk, "reason=suspect_words") == [held["id"]]
    refused = await desk.http.get(f"{ALL}?reason=no%20such!")
    assert refused.status_code == 400 and "reason filter" in refused.text


async def test_bulk_approve_publishes_the_selected_and_leaves_the_rest(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await make_site(app, "news", **PRE)
    held = [(await post(client, "news", expect=202))["id"] for _ in range(3)]
    desk = await _desk(app)
    response = await desk.post(
        "/admin/sites/news/bulk",
        {"action": "approve", "ids": [str(i) for i in held[:2]],
         "back": "/admin/sites/news/queues/pending"},
    )  # fmt: skip
    assert response.status_code == 303
    assert response.headers["location"] == "/admin/sites/news/queues/pending?done=2"
    pending = await desk.http.get(response.headers["location"])
    assert item_ids(pending.text) == [held[2]] and "2 comments decided." in pending.text
    approved = await desk.http.get("/admin/sites/news/queues/approved")
    assert sorted(item_ids(approved.text)) == held[:2]
    shown = await listing(client, "news")
    assert sorted(c["id"] for c in shown["items"]) == held[:2]  # readers see them now
    log = await desk.http.get("/admin/sites/news/audit?action=comment.approve")
    assert log.text.count('data-action="comment.approve"') == 2


async def test_the_words_that_held_a_comment_are_marked_on_the_page(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    moderation = {**POST["moderation"], "suspect_words": ["casino"]}
    await make_site(app, "news", moderation=moderation)
    rude = await post(client, "news", body="Pathetic bunch of clowns, the lot of them.", expect=202)
    word = await post(client, "news", body="The <b>casino</b> & the mayor agree.", expect=202)
    civil = await post(client, "news", body="A fair point about the budget.")
    desk = await _desk(app)
    page = (await desk.http.get(ALL)).text
    rude_body = item_html(page, rude["id"]).split('<div class="body">')[1].split("</div>")[0]
    assert re.findall(r"<mark>(.*?)</mark>", rude_body) == ["Pathetic", "clowns"]  # the model's
    word_body = item_html(page, word["id"]).split('<div class="body">')[1].split("</div>")[0]
    assert re.findall(r"<mark>(.*?)</mark>", word_body) == ["casino"]  # the rule's
    assert "&lt;b&gt;" in word_body and "&amp;" in word_body  # marking leaves the text inert
    assert "<mark>" not in item_html(page, civil["id"])
