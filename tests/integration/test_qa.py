"""Q&A mode per story (docs/moderators.md#qa-mode, docs/api.md#qa-mode): a moderator turns it on
and names experts; readers' questions are listed `answered: false` until an expert replies; the
expert's reply is published at once on a site that holds every comment, marked `expert`, and the
question turns `answered: true`; the answered/unanswered filters; turning it off; bad experts,
readers and bodies refused; the story JSON; the no-JS page's badges; `rejoinder story qa`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from rejoinder.storage.db import session_factory
from rejoinder.storage.models import AuditEntry
from tests.conftest import FIXTURES, RELAXED, make_site
from tests.helpers import cli_invoker, comments_url, listing, post
from tests.integration.signed_in import SignedIn, sign_in

# A site that holds every comment for a moderator (`moderation.mode: pre`), with a banned word.
PRE = {"moderation": {**RELAXED["moderation"], "mode": "pre", "banned_words": ["scam"]}}
QA = "/api/v1/sites/{site}/moderation/stories/{story}/qa"
DECIDE = "/api/v1/sites/{site}/moderation/comments/{id}"
FRAGMENT = "/fragments/sites/news/stories/story-1"
PAGE = FIXTURES / "pages" / "wire-story-with-comments.txt"


@pytest.fixture
async def site(app: FastAPI) -> str:
    await make_site(app, "news", **PRE)
    return "news"


@pytest.fixture
async def moderator(app: FastAPI, site: str) -> SignedIn:
    return await sign_in(app, "Mo", moderates=(site,))


async def _qa(
    client: httpx.AsyncClient, who: SignedIn | None, body: Any, *, story: str = "story-1",
    site: str = "news", expect: int = 200,
) -> dict[str, Any]:  # fmt: skip
    response = await client.put(
        QA.format(site=site, story=story), json=body, headers=who.headers if who else None
    )
    assert response.status_code == expect, response.text
    data: dict[str, Any] = response.json()
    return data


async def _approve(client: httpx.AsyncClient, moderator: SignedIn, comment_id: int) -> None:
    response = await client.post(
        DECIDE.format(site="news", id=comment_id),
        json={"action": "approve"},
        headers=moderator.headers,
    )
    assert response.status_code == 200, response.text


async def _question(client: httpx.AsyncClient, moderator: SignedIn, body: str) -> dict[str, Any]:
    """A reader's question, held (the site holds everything), then approved."""
    held = await post(client, "news", body=body, expect=202)
    await _approve(client, moderator, held["id"])
    return held


def _by_id(page: dict[str, Any]) -> dict[int, dict[str, Any]]:
    return {comment["id"]: comment for comment in page["items"]}


async def test_an_experts_answer_is_published_at_once_and_answers_the_question(
    app: FastAPI, client: httpx.AsyncClient, site: str, moderator: SignedIn
) -> None:
    first = await _question(client, moderator, "When does the new rail line open?")
    assert first["expert"] is False and first["answered"] is None  # not a Q&A story yet
    expert = await sign_in(app, "Dr Rail")
    story = await _qa(client, moderator, {"enabled": True, "experts": [expert.account_id]})
    assert story["qa"] is True and story["id"] == "story-1"
    assert story["experts"] == [{"account_id": expert.account_id, "display_name": "Dr Rail"}]

    second = await _question(client, moderator, "Will the buses change too?")
    page = await listing(client, site)
    assert {c["id"]: c["answered"] for c in page["items"]} == {first["id"]: False,
                                                               second["id"]: False}  # fmt: skip
    assert not any(c["expert"] for c in page["items"])

    answer = await post(
        client,
        site,
        body="In spring 2028, per the budget.",
        parent_id=first["id"],
        headers=expert.headers,
    )  # fmt: skip (201)
    assert answer["status"] == "published" and answer["expert"] is True
    assert answer["answered"] is None  # a reply is no question
    assert answer["moderation"]["action"] == "publish"
    # Still scored and logged: the decision keeps why the site would have held it.
    assert [r["code"] for r in answer["moderation"]["reasons"]] == ["premoderation"]

    page = await listing(client, site)  # the cached page was replaced: a new story version
    shown = _by_id(page)
    assert shown[first["id"]]["answered"] is True and shown[second["id"]]["answered"] is False
    assert shown[answer["id"]]["expert"] is True and shown[answer["id"]]["answered"] is None
    assert shown[first["id"]]["expert"] is False

    # A reader's reply answers nothing, and a reader's comment is held as ever.
    reader = await post(client, site, body="Thanks!", parent_id=second["id"], expect=202)
    assert reader["expert"] is False
    await _approve(client, moderator, reader["id"])
    assert _by_id(await listing(client, site))[second["id"]]["answered"] is False

    # The expert still cannot post a banned word: a rejection stands.
    rejected = await post(client, site, body="This is a scam.", parent_id=second["id"],
                          headers=expert.headers, expect=202)  # fmt: skip
    assert rejected["status"] == "rejected" and rejected["moderation"]["action"] == "reject"

    # The replies page and the permalink mark them too.
    replies = await client.get(f"/api/v1/sites/{site}/comments/{first['id']}/replies")
    (reply,) = replies.json()["items"]
    assert reply["expert"] is True and reply["answered"] is None
    single = (await client.get(f"/api/v1/sites/{site}/comments/{answer['id']}")).json()
    assert single["comment"]["expert"] is True
    assert single["ancestors"][0]["answered"] is True


async def test_the_filters_list_answered_and_unanswered_questions(
    app: FastAPI, client: httpx.AsyncClient, site: str, moderator: SignedIn
) -> None:
    expert = await sign_in(app, "Dr Rail")
    questions = [await _question(client, moderator, f"Question number {n}?") for n in range(4)]
    await _qa(client, moderator, {"enabled": True, "experts": [expert.account_id]})
    for question in questions[::2]:
        await post(client, site, body=f"An answer to {question['id']}.",
                   parent_id=question["id"], headers=expert.headers)  # fmt: skip

    answered = await listing(client, site, filter="answered")
    ids = [c["id"] for c in answered["items"] if c["parent_id"] is None]
    assert ids == [questions[0]["id"], questions[2]["id"]]
    assert len(answered["items"]) == 4  # each with its answer, as the thread shows them
    assert all(c["answered"] is True for c in answered["items"] if c["parent_id"] is None)
    unanswered = await listing(client, site, filter="unanswered")
    assert [c["id"] for c in unanswered["items"]] == [questions[1]["id"], questions[3]["id"]]
    newest = await listing(client, site, filter="unanswered", sort="newest")
    assert [c["id"] for c in newest["items"]] == [questions[3]["id"], questions[1]["id"]]

    # Paged as the thread is.
    first = await listing(client, site, filter="unanswered", limit=1)
    assert [c["id"] for c in first["items"]] == [questions[1]["id"]]
    rest = await listing(client, site, filter="unanswered", limit=1, cursor=first["next_cursor"])
    assert [c["id"] for c in rest["items"]] == [questions[3]["id"]]
    assert rest["next_cursor"] is None

    # Off again: the filters are a 400, the marks are gone, the experts' posts are held again.
    off = await _qa(client, moderator, {"enabled": False})
    assert off["qa"] is False and off["experts"] == []
    refused = await client.get(comments_url(site, "story-1"), params={"filter": "answered"})
    assert refused.status_code == 400
    assert refused.json()["error"]["message"] == "This story is not in Q&A mode."
    page = await listing(client, site)
    assert all(c["answered"] is None and c["expert"] is False for c in page["items"])
    await post(client, site, body="A later answer.", parent_id=questions[1]["id"],
               headers=expert.headers, expect=202)  # fmt: skip

    async with session_factory(app.state.engine)() as session:
        entries = list(
            await session.scalars(
                select(AuditEntry).where(AuditEntry.action == "story.qa").order_by(AuditEntry.id)
            )
        )
    assert [(e.before, e.after) for e in entries] == [
        ({"qa": False, "experts": []},
         {"qa": True, "experts": [expert.account_id], "story": "story-1"}),
        ({"qa": True, "experts": [expert.account_id]},
         {"qa": False, "experts": [], "story": "story-1"}),
    ]  # fmt: skip


async def test_who_may_set_it_and_which_experts(
    app: FastAPI, client: httpx.AsyncClient, site: str, moderator: SignedIn
) -> None:
    await _question(client, moderator, "Is the plan funded?")
    reader = await sign_in(app, "Ana")
    refused = await _qa(client, reader, {"enabled": True}, expect=403)
    assert refused["error"]["code"] == "forbidden"
    await _qa(client, None, {"enabled": True}, expect=401)
    await _qa(client, moderator, {"enabled": True}, story="no-such-story", expect=404)
    await _qa(client, moderator, {"enabled": True}, site="nowhere", expect=404)

    missing = await _qa(client, moderator, {"enabled": True, "experts": [999_999]}, expect=400)
    assert missing["error"]["message"] == (
        "Account 999999 cannot be an expert on site 'news': there is no such account."
    )
    banned = await sign_in(app, "Troll")
    state = await client.put(f"/api/v1/sites/news/moderation/users/{banned.account_id}",
                             json={"banned": True}, headers=moderator.headers)  # fmt: skip
    assert state.status_code == 200, state.text
    refused_ban = await _qa(client, moderator, {"enabled": True, "experts": [banned.account_id]},
                            expect=400)  # fmt: skip
    assert "is banned from commenting there" in refused_ban["error"]["message"]

    too_many = {"enabled": True, "experts": list(range(1, 22))}
    for body in ({}, {"enabled": "yes"}, {"enabled": True, "extra": 1},
                 {"enabled": True, "experts": ["7"]}, {"enabled": True, "experts": [0]},
                 too_many):  # fmt: skip
        response = await client.put(QA.format(site=site, story="story-1"), json=body,
                                    headers=moderator.headers)  # fmt: skip
        assert response.status_code == 422, body
        assert response.json()["error"]["code"] == "invalid"
    # Nothing changed: the story is not in Q&A mode.
    story = (await client.get("/api/v1/sites/news/stories/story-1")).json()
    assert story["qa"] is False and story["experts"] == []
    # The same twice is one change (one entry, as the other test counts).
    admin = await sign_in(app, "Ada", admin=True)
    expert = await sign_in(app, "Dr Rail")
    body = {"enabled": True, "experts": [expert.account_id, expert.account_id]}
    assert (await _qa(client, admin, body))["experts"] == [
        {"account_id": expert.account_id, "display_name": "Dr Rail"}
    ]
    await _qa(client, admin, body)
    story = (await client.get("/api/v1/sites/news/stories/story-1")).json()
    assert story["qa"] is True and [e["display_name"] for e in story["experts"]] == ["Dr Rail"]


async def test_the_no_js_page_shows_expert_and_answered(
    app: FastAPI, client: httpx.AsyncClient, site: str, moderator: SignedIn
) -> None:
    question = await _question(client, moderator, "What does the line cost?")
    other = await _question(client, moderator, "And who pays?")
    expert = await sign_in(app, "Dr Rail")
    await _qa(client, moderator, {"enabled": True, "experts": [expert.account_id]})
    answer = await post(client, site, body="Two billion.", parent_id=question["id"],
                        headers=expert.headers)  # fmt: skip
    html = (await client.get(FRAGMENT)).text

    def item(comment_id: int) -> str:
        return html.split(f'id="comment-{comment_id}"', 1)[1].split("</time>", 1)[0]

    assert '<span class="badge answered">Answered</span>' in item(question["id"])
    assert '<span class="badge expert">Expert</span>' in item(answer["id"])
    assert "badge answered" not in item(other["id"]) and "badge expert" not in item(other["id"])
    assert '"answered":true' in html  # the JSON the widget hydrates from
    german = (await client.get(FRAGMENT, params={"lang": "de"})).text
    assert ">Beantwortet</span>" in german and ">Experte</span>" in german


def test_the_cli_turns_it_on_and_off(clean_database: str, tmp_path: Path) -> None:
    rejoinder = cli_invoker(clean_database, tmp_path)
    rejoinder("site", "create", "news", "--origin", "https://news.example")
    args = ("story", "qa", "--site", "news", "--story", "aukus-pillar-two")
    missing = rejoinder(*args, "--enable", expect=1)
    assert "There is no story 'aukus-pillar-two' on site 'news'." in missing
    rejoinder("import", "page", str(PAGE), "--site", "news", "--story", "aukus-pillar-two")
    created = re.search(
        r"account (\d+)", rejoinder("user", "create", "Dr Rail", "--role", "reader")
    )
    assert created is not None
    expert = created.group(1)

    on = rejoinder(*args, "--enable", "--expert", expert)
    assert (
        on == f"Q&A mode is on for story aukus-pillar-two on news; experts: Dr Rail ({expert}).\n"
    )
    (story,) = json.loads(rejoinder("export", "--site", "news"))["stories"]
    assert story["settings"]["qa"] is True and story["settings"]["experts"] == [int(expert)]
    refused = rejoinder(*args, "--enable", "--expert", "999999", expect=1)
    assert "Account 999999 cannot be an expert on site 'news': there is no such account." in refused
    off = rejoinder(*args, "--disable")
    assert off == "Q&A mode is off for story aukus-pillar-two on news; experts: none.\n"
    (story,) = json.loads(rejoinder("export", "--site", "news"))["stories"]
    assert story["settings"]["qa"] is False and story["settings"]["experts"] == []
    assert "--enable" in rejoinder(*args, expect=2)  # neither flag: a usage error


async def test_a_qa_can_be_announced_before_the_storys_first_comment(
    client: httpx.AsyncClient, site: str, moderator: SignedIn, app: FastAPI
) -> None:
    """No comment yet means no story yet: without `story_url` a 404 saying what to send, with it
    the story starts (on the site's origins only) in Q&A mode, its experts named."""
    expert = await sign_in(app, "Dr. Rail")
    body = {"enabled": True, "experts": [expert.account_id]}
    missing = await _qa(client, moderator, body, story="rail-qa", expect=404)
    assert "story_url" in missing["error"]["message"]
    elsewhere = {**body, "story_url": "https://evil.example/rail-qa"}
    await _qa(client, moderator, elsewhere, story="rail-qa", expect=403)  # as for a post
    started = await _qa(
        client, moderator,
        {**body, "story_url": "https://news.example/transport/rail-qa", "story_title": "Ask us"},
        story="rail-qa",
    )  # fmt: skip
    assert started["qa"] is True
    assert [e["display_name"] for e in started["experts"]] == ["Dr. Rail"]
    story = (await client.get("/api/v1/sites/news/stories/rail-qa")).json()
    assert (story["title"], story["url"], story["qa"]) == (
        "Ask us", "https://news.example/transport/rail-qa", True,
    )  # fmt: skip
