"""A reader's own comments across a site's stories (docs/accounts.md#my-comments): the API the
widget's panel reads, editing and deleting from there without an edit token, and the page for
readers without JavaScript with its delete form (CSRF, the install's Origin)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from rejoinder.config import Settings
from tests.conftest import GENEROUS_LIMITS, ORIGIN, RELAXED, make_site
from tests.helpers import listing, post
from tests.integration.signed_in import SignedIn, sign_in

PUBLIC_URL = "https://comments.example"
FORM = {"origin": PUBLIC_URL, "content-type": "application/x-www-form-urlencoded"}
MINE = "/api/v1/sites/news/me/comments"
PAGE = "/sites/news/me"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        database_url=database_url,
        data_dir=tmp_path,
        secret_key="test-secret-key",
        public_url=PUBLIC_URL,
        rate_limits=GENEROUS_LIMITS,
    )


@pytest.fixture
async def site(app: FastAPI) -> str:
    moderation = {**RELAXED["moderation"], "suspect_words": ["crypto"]}
    await make_site(app, "news", moderation=moderation)
    return "news"


async def _write(
    client: httpx.AsyncClient, who: SignedIn, story: str = "story-1", **fields: Any
) -> dict[str, Any]:
    url = f"https://news.example/{story}"
    return await post(client, "news", story, headers=who.headers, story_url=url, **fields)


def _cookie(who: SignedIn) -> dict[str, str]:
    return {"cookie": f"rejoinder_session={who.token}"}


async def _mine(client: httpx.AsyncClient, who: SignedIn, **params: Any) -> dict[str, Any]:
    response = await client.get(MINE, params=params, headers=who.headers)
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    data: dict[str, Any] = response.json()
    return data


async def test_a_readers_comments_across_stories_newest_first_with_their_newest_replies(
    app: FastAPI, client: httpx.AsyncClient, site: str
) -> None:
    ada, ben, mo, cleo = [await sign_in(app, name) for name in ("Ada", "Ben", "Mo", "Cleo")]
    first = await _write(client, ada, body="Ada on the first story.")
    second = await _write(client, ada, "story-2", body="Ada on the second story.")
    held = await _write(client, ada, body="Ada says buy crypto.", expect=202)
    gone = await _write(client, ada, "story-2", body="Ada regrets this.")
    deleted = await client.delete(f"/api/v1/sites/news/comments/{gone['id']}", headers=ada.headers)
    assert deleted.status_code == 204  # the author, signed in, needs no edit token
    await _write(client, cleo, body="Cleo's own comment.")
    replies = [await _write(client, ben, parent_id=first["id"]) for _ in range(4)]
    await _write(client, mo, parent_id=first["id"], body="Mo, muted by Ada, replied last.")
    mute = {"account_id": mo.account_id}
    muted = await client.post("/api/v1/me/mutes", json=mute, headers=ada.headers)
    assert muted.status_code == 201

    page = await _mine(client, ada)
    assert [item["comment"]["id"] for item in page["items"]] == [
        held["id"], second["id"], first["id"],
    ]  # fmt: skip
    assert page["next_cursor"] is None
    top = page["items"][2]
    assert top["story"] == {
        "key": "story-1",
        "title": "story-1",
        "url": "https://news.example/story-1",
    }
    assert top["comment"]["status"] == "published"
    assert top["comment"]["body_html"] == "<p>Ada on the first story.</p>"
    assert top["comment"]["permalink"] == f"https://news.example/story-1#comment-{first['id']}"
    assert top["comment"]["reply_count"] == 5  # Mo's reply counts; it is only not shown
    assert top["comment"]["like_count"] == 0 and top["comment"]["edited_at"] is None
    assert [r["id"] for r in top["replies"]] == [r["id"] for r in reversed(replies)][:3]
    assert {r["author_name"] for r in top["replies"]} == {"Ben"}
    assert page["items"][1]["story"]["key"] == "story-2" and page["items"][1]["replies"] == []
    assert page["items"][0]["comment"]["status"] == "pending"  # held: its author sees it
    assert page["items"][0]["comment"]["body_html"] == "<p>Ada says buy crypto.</p>"
    until = datetime.fromisoformat(top["comment"]["editable_until"])
    assert timedelta(minutes=14) < until - datetime.now(UTC) <= timedelta(minutes=15)

    cleos = await _mine(client, cleo)
    assert [item["comment"]["body_html"] for item in cleos["items"]] == [
        "<p>Cleo's own comment.</p>"
    ]
    assert (await client.get(MINE)).status_code == 401
    stale = {"authorization": "Bearer rjs_not-a-session"}
    assert (await client.get(MINE, headers=stale)).status_code == 401


async def test_the_list_is_paged_by_an_opaque_cursor(
    app: FastAPI, client: httpx.AsyncClient, site: str
) -> None:
    ada = await sign_in(app, "Ada")
    written = [await _write(client, ada, f"story-{n % 2}") for n in range(5)]
    seen: list[int] = []
    cursor = None
    for size in (2, 2, 1):
        page = await _mine(client, ada, limit=2, **({"cursor": cursor} if cursor else {}))
        assert len(page["items"]) == size
        seen += [item["comment"]["id"] for item in page["items"]]
        cursor = page["next_cursor"]
    assert cursor is None
    assert seen == [comment["id"] for comment in reversed(written)]
    bad = await client.get(MINE, params={"cursor": "not-a-cursor"}, headers=ada.headers)
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "bad_request"
    assert (await client.get(MINE, params={"limit": 0}, headers=ada.headers)).status_code == 422
    unknown = await client.get("/api/v1/sites/nowhere/me/comments", headers=ada.headers)
    assert unknown.status_code == 404


async def test_from_the_list_the_author_edits_within_the_window_and_others_cannot(
    app: FastAPI, client: httpx.AsyncClient, site: str
) -> None:
    ada, ben = await sign_in(app, "Ada"), await sign_in(app, "Ben")
    mine = await _write(client, ada, body="Ada wrote a typo.")
    url = f"/api/v1/sites/news/comments/{mine['id']}"
    source = await client.get(f"{url}/source", headers=ada.headers)
    assert source.status_code == 200 and source.json()["body"] == "Ada wrote a typo."
    edited = await client.patch(url, json={"body": "Ada fixed it."}, headers=ada.headers)
    assert edited.status_code == 200, edited.text
    assert (await _mine(client, ada))["items"][0]["comment"]["body_html"] == "<p>Ada fixed it.</p>"
    assert (
        await client.patch(url, json={"body": "Ben's words"}, headers=ben.headers)
    ).status_code == 403
    assert (await client.delete(url, headers=ben.headers)).status_code == 403
    assert (await client.get(f"{url}/source", headers=ben.headers)).status_code == 403
    assert (await client.delete(url)).status_code == 401  # no token, nobody signed in

    later = datetime.now(UTC) + timedelta(hours=1)
    app.state.runtime = replace(app.state.runtime, clock=lambda: later)
    assert (await _mine(client, ada))["items"][0]["comment"]["editable_until"] is None
    late = await client.patch(url, json={"body": "Too late."}, headers=ada.headers)
    assert late.status_code == 403 and "time to edit" in late.json()["error"]["message"]
    assert (await client.delete(url, headers=ada.headers)).status_code == 204
    assert (await _mine(client, ada))["items"] == []


async def test_the_page_without_javascript_lists_and_deletes_with_csrf(
    app: FastAPI, client: httpx.AsyncClient, site: str
) -> None:
    ada, ben = await sign_in(app, "Ada"), await sign_in(app, "Ben")
    kept = await _write(client, ada, body="Ada keeps <this> one.")
    doomed = await _write(client, ada, "story-2", body="Ada will delete this one.")
    await _write(client, ada, body="Ada says buy crypto.", expect=202)
    await _write(client, ben, "story-2", parent_id=doomed["id"], body="Ben answered Ada.")

    page = await client.get(PAGE, headers=_cookie(ada))
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    html = page.text
    assert "My comments on News" in html and "Ada keeps &lt;this&gt; one." in html
    assert "Waiting for a moderator" in html and "Ben answered Ada." in html
    assert 'href="https://news.example/story-2"' in html and 'href="/api/v1/me/export"' in html
    assert f'action="/sites/news/me/comments/{doomed["id"]}/delete"' in html
    assert 'action="/sites/news/me/deletion"' in html
    csrf = _CSRF.search(html)
    assert csrf is not None
    delete = f"/sites/news/me/comments/{doomed['id']}/delete"

    no_token = await client.post(delete, content="lang=en", headers=FORM | _cookie(ada))
    assert no_token.status_code == 403
    form = f"csrf_token={csrf.group(1)}&lang=en"
    foreign = FORM | _cookie(ada) | {"origin": ORIGIN}
    assert (await client.post(delete, content=form, headers=foreign)).status_code == 403
    as_ben = await client.post(delete, content=form, headers=FORM | _cookie(ben))
    assert as_ben.status_code == 403  # Ada's CSRF token is not Ben's
    done = await client.post(delete, content=form, headers=FORM | _cookie(ada))
    assert done.status_code == 200, done.text
    assert "Your comment was deleted." in done.text and "Ada will delete this one." not in done.text
    story = {c["id"]: c for c in (await listing(client, site, "story-2"))["items"]}
    assert story[doomed["id"]]["status"] == "deleted"  # a tombstone holds Ben's reply
    assert story[doomed["id"]]["body_html"] == ""
    assert kept["id"] in {item["comment"]["id"] for item in (await _mine(client, ada))["items"]}

    signed_out = await client.get(PAGE, headers={"accept-language": "ja-JP,ja;q=0.9"})
    assert signed_out.status_code == 200 and "サインイン" in signed_out.text
    assert f'href="{ORIGIN}"' in signed_out.text
    arabic = await client.get(PAGE, params={"lang": "ar"}, headers=_cookie(ada))
    assert 'dir="rtl"' in arabic.text and "تعليقاتي" in arabic.text
    assert (await client.get("/sites/nowhere/me", headers=_cookie(ada))).status_code == 404


async def test_the_page_links_to_older_comments(
    app: FastAPI, client: httpx.AsyncClient, site: str
) -> None:
    ada = await sign_in(app, "Ada")
    first = await _write(client, ada, body="The very first comment.")
    for _ in range(20):
        await _write(client, ada)
    page = await client.get(PAGE, headers=_cookie(ada))
    assert "The very first comment." not in page.text
    older = re.search(r'href="(/sites/news/me\?[^"]+)" rel="next"', page.text)
    assert older is not None
    rest = await client.get(older.group(1).replace("&amp;", "&"), headers=_cookie(ada))
    assert rest.status_code == 200 and "The very first comment." in rest.text
    assert f"comment-{first['id']}" in rest.text and 'rel="next"' not in rest.text
