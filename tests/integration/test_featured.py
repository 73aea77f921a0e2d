"""Featured comments, as readers get them (docs/api.md#featured-comments): a moderator features
a published comment through the API (or the dashboard), the listing marks it `featured`, the
first page's `featured` box lists the newest three, `?filter=featured` lists them all (flat,
paged), cached pages change at once, unfeaturing takes it away; readers may not feature, a held
comment cannot be, a Q&A filter on a story not in Q&A mode is a 400, and the no-JS page shows
the box and the badge.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from rejoinder.http.fast_reads import parse_page_query
from rejoinder.storage.db import session_factory
from rejoinder.storage.models import AuditEntry
from tests.conftest import RELAXED, QueryCounter, make_site
from tests.helpers import comments_url, listing, post
from tests.integration.admin_helpers import make_staff, staff_client
from tests.integration.signed_in import SignedIn, sign_in

HOLD = {"moderation": {**RELAXED["moderation"], "suspect_words": ["crypto"]}}
FEATURE = "/api/v1/sites/{site}/moderation/comments/{id}/featured"
FRAGMENT = "/fragments/sites/news/stories/story-1"


@pytest.fixture
async def site(app: FastAPI) -> str:
    await make_site(app, "news", **HOLD)
    return "news"


@pytest.fixture
async def moderator(app: FastAPI, site: str) -> SignedIn:
    return await sign_in(app, "Mo", moderates=(site,))


async def _feature(
    client: httpx.AsyncClient, who: SignedIn | None, comment_id: int, featured: Any = True, *,
    site: str = "news", expect: int = 200,
) -> dict[str, Any]:  # fmt: skip
    response = await client.put(
        FEATURE.format(site=site, id=comment_id),
        json={"featured": featured},
        headers=who.headers if who else None,
    )
    assert response.status_code == expect, response.text
    data: dict[str, Any] = response.json()
    return data


def _ids(comments: list[dict[str, Any]]) -> list[int]:
    return [comment["id"] for comment in comments]


async def test_featuring_shows_in_the_listing_the_box_and_the_filter(
    client: httpx.AsyncClient, site: str, moderator: SignedIn
) -> None:
    first = await post(client, site, body="The rail line is in the 2028 budget, page 12.")
    reply = await post(client, site, body="And the bus plan is on page 14.", parent_id=first["id"])
    later = await post(client, site, body="Schools get a new formula too.")
    assert first["featured"] is False
    before = await listing(client, site)
    assert before["featured"] == [] and not any(c["featured"] for c in before["items"])

    assert await _feature(client, moderator, first["id"]) == {"id": first["id"], "featured": True}
    await _feature(client, moderator, reply["id"])
    again = await _feature(client, moderator, reply["id"])  # idempotent
    assert again == {"id": reply["id"], "featured": True}

    page = await listing(client, site)
    flags = {c["id"]: c["featured"] for c in page["items"]}
    assert flags == {first["id"]: True, reply["id"]: True, later["id"]: False}
    assert _ids(page["featured"]) == [reply["id"], first["id"]]  # most recently featured first
    assert page["featured"][0]["body_html"] == "<p>And the bus plan is on page 14.</p>"
    assert page["featured"][0]["featured"] is True

    featured = await listing(client, site, filter="featured")
    assert _ids(featured["items"]) == [reply["id"], first["id"]]  # flat: the reply is listed too
    assert featured["next_cursor"] is None and featured["featured"] == []
    assert featured["total"] == 3
    # Later pages and replies pages carry an empty box.
    assert (await listing(client, site, limit=1))["next_cursor"] is not None
    replies = await client.get(f"/api/v1/sites/{site}/comments/{first['id']}/replies")
    assert replies.status_code == 200 and replies.json()["featured"] == []
    # A permalink says so too.
    single = await client.get(f"/api/v1/sites/{site}/comments/{reply['id']}")
    assert single.json()["comment"]["featured"] is True


async def test_the_box_holds_three_and_the_filter_pages_through_all(
    client: httpx.AsyncClient, site: str, moderator: SignedIn
) -> None:
    comments = [await post(client, site) for _ in range(5)]
    for comment in comments:
        await _feature(client, moderator, comment["id"])
    newest_first = list(reversed(_ids(comments)))

    assert _ids((await listing(client, site))["featured"]) == newest_first[:3]
    seen: list[int] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"filter": "featured", "limit": 2}
        page = await listing(client, site, **params, **({"cursor": cursor} if cursor else {}))
        assert len(page["items"]) <= 2
        seen += _ids(page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == newest_first
    # A cursor of the thread's sort is no cursor of the filter's.
    thread_cursor = (await listing(client, site, limit=1))["next_cursor"]
    wrong = await client.get(
        comments_url(site, "story-1"), params={"filter": "featured", "cursor": thread_cursor}
    )
    assert wrong.status_code == 400 and wrong.json()["error"]["code"] == "bad_request"


async def test_cached_pages_change_at_once_and_unfeaturing_takes_it_away(
    app: FastAPI, client: httpx.AsyncClient, site: str, moderator: SignedIn
) -> None:
    comment = await post(client, site, body="Worth reading: the council's own figures.")
    url = comments_url(site, "story-1")
    for params in ({}, {"filter": "featured"}):  # each read twice: the second from the cache
        first = await client.get(url, params=params)
        assert (await client.get(url, params=params)).content == first.content
    cached = (await client.get(url)).json()
    assert cached["featured"] == [] and cached["items"][0]["featured"] is False

    await _feature(client, moderator, comment["id"])
    page = (await client.get(url)).json()
    assert _ids(page["featured"]) == [comment["id"]] and page["items"][0]["featured"] is True
    assert _ids((await client.get(url, params={"filter": "featured"})).json()["items"]) == [
        comment["id"]
    ]

    assert await _feature(client, moderator, comment["id"], False) == {
        "id": comment["id"],
        "featured": False,
    }
    page = (await client.get(url)).json()
    assert page["featured"] == [] and page["items"][0]["featured"] is False
    assert (await client.get(url, params={"filter": "featured"})).json()["items"] == []
    await _feature(client, moderator, comment["id"], False)  # idempotent

    async with session_factory(app.state.engine)() as session:
        actions = await session.scalars(
            select(AuditEntry.action)
            .where(AuditEntry.target_type == "comment", AuditEntry.target_id == str(comment["id"]))
            .order_by(AuditEntry.id)
        )
        assert list(actions) == ["comment.feature", "comment.unfeature"]


async def test_the_dashboard_featuring_shows_to_readers_at_once(
    app: FastAPI, client: httpx.AsyncClient, site: str
) -> None:
    comment = await post(client, site)
    assert (await listing(client, site))["featured"] == []  # cached now
    await make_staff(app, "Night Desk", "desk@news.example", sites=(site,))
    desk = await staff_client(app, "desk@news.example")
    done = await desk.htmx(f"/admin/sites/{site}/comments/{comment['id']}/decision",
                           {"action": "feature"})  # fmt: skip
    assert done.status_code == 200, done.text
    assert _ids((await listing(client, site))["featured"]) == [comment["id"]]


async def test_who_may_feature_what(
    app: FastAPI, client: httpx.AsyncClient, site: str, moderator: SignedIn
) -> None:
    comment = await post(client, site)
    reader = await sign_in(app, "Ana")
    refused = await _feature(client, reader, comment["id"], expect=403)
    assert refused["error"]["code"] == "forbidden"
    await _feature(client, None, comment["id"], expect=401)
    await make_site(app, "other", **RELAXED)
    elsewhere = await sign_in(app, "Otto", moderates=("other",))
    await _feature(client, elsewhere, comment["id"], expect=403)
    admin = await sign_in(app, "Ada", admin=True)
    await _feature(client, admin, comment["id"])

    held = await post(client, site, body="Crypto will fix the housing market.", expect=202)
    conflict = await _feature(client, moderator, held["id"], expect=409)
    assert conflict["error"]["message"] == (
        "Only a published comment can be featured; approve it first."
    )
    await _feature(client, moderator, 999_999, expect=404)
    await _feature(client, moderator, comment["id"], site="nowhere", expect=404)
    for body in ({}, {"featured": "yes"}, {"featured": True, "extra": 1}):
        response = await client.put(
            FEATURE.format(site=site, id=comment["id"]), json=body, headers=moderator.headers
        )
        assert response.status_code == 422, body
        assert response.json()["error"]["code"] == "invalid"
    plain = await client.put(FEATURE.format(site=site, id=comment["id"]),
                             content=b"featured=1", headers=moderator.headers)  # fmt: skip
    assert plain.status_code == 415
    # Nothing of these is shown: the reader's and the held comment's attempts changed nothing.
    page = await listing(client, site)
    assert _ids(page["featured"]) == [comment["id"]]


async def test_question_filters_need_a_qa_story_and_unknown_filters_are_refused(
    client: httpx.AsyncClient, site: str
) -> None:
    await post(client, site)
    for story in ("story-1", "no-such-story"):
        for chosen in ("answered", "unanswered"):
            response = await client.get(comments_url(site, story), params={"filter": chosen})
            assert response.status_code == 400, (story, chosen)
            assert response.json() == {
                "error": {"code": "bad_request", "message": "This story is not in Q&A mode."}
            }
    unknown = await client.get(comments_url(site, "story-1"), params={"filter": "best"})
    assert unknown.status_code == 422 and unknown.json()["error"]["code"] == "invalid"
    nothing = await listing(client, site, "no-such-story", filter="featured")
    assert nothing == {"total": 0, "items": [], "next_cursor": None, "featured": []}


async def test_a_reader_who_muted_the_author_sees_no_box_of_theirs(
    app: FastAPI, client: httpx.AsyncClient, site: str, moderator: SignedIn
) -> None:
    ben = await sign_in(app, "Ben")
    theirs = await post(client, site, body="Ben's point on the budget.", headers=ben.headers)
    await _feature(client, moderator, theirs["id"])
    ana = await sign_in(app, "Ana")
    muted = await client.post("/api/v1/me/mutes", json={"account_id": ben.account_id},
                              headers=ana.headers)  # fmt: skip
    assert muted.status_code in (200, 201), muted.text
    mine = await client.get(comments_url(site, "story-1"), headers=ana.headers)
    assert mine.headers["cache-control"] == "private, no-store"
    assert mine.json()["featured"] == [] and mine.json()["items"] == []
    only = await client.get(comments_url(site, "story-1"), params={"filter": "featured"},
                            headers=ana.headers)  # fmt: skip
    assert only.json()["items"] == []
    assert _ids((await listing(client, site))["featured"]) == [theirs["id"]]


async def test_the_no_js_page_shows_the_box_and_the_badge(
    client: httpx.AsyncClient, site: str, moderator: SignedIn
) -> None:
    plain = await post(client, site, body="Nothing special here.")
    star = await post(client, site, body="The *best* summary of the plan.")
    empty = await client.get(FRAGMENT)
    assert 'class="featured"' not in empty.text and "Featured" not in empty.text
    await _feature(client, moderator, star["id"])

    html = (await client.get(FRAGMENT)).text
    box = html.split('<section class="featured"', 1)[1].split("</section>", 1)[0]
    assert "Featured comments" in box
    assert f'href="#comment-{star["id"]}"' in box and "<em>best</em>" in box
    assert "Nothing special here." not in box
    assert html.index('<section class="featured"') < html.index('<ul class="thread">')
    thread = html.split('<ul class="thread">', 1)[1]
    starred = thread.split(f'id="comment-{star["id"]}"', 1)[1].split("</li>", 1)[0]
    assert '<span class="badge featured">Featured</span>' in starred
    other = thread.split(f'id="comment-{plain["id"]}"', 1)[1].split("</li>", 1)[0]
    assert "badge featured" not in other
    # The JSON the widget hydrates from carries the box too.
    assert f'"featured":[{{"id":{star["id"]}' in html

    german = (await client.get(FRAGMENT, params={"lang": "de"})).text
    assert "Empfohlene Kommentare" in german and ">Empfohlen</span>" in german


async def test_the_featured_query_reads_the_featured_index_only(
    app: FastAPI, client: httpx.AsyncClient, site: str, queries: QueryCounter, database_url: str
) -> None:
    """A first page's featured box costs one query on an index of the featured rows alone,
    however long the thread (DESIGN: cost per page, not per thread)."""
    if not database_url.startswith("sqlite"):
        pytest.skip("the plan is read with SQLite's EXPLAIN QUERY PLAN")
    await post(client, site)
    queries.reset()
    await listing(client, site)
    (statement,) = [sql for sql in queries.statements if "featured_at IS NOT NULL" in sql]
    async with app.state.engine.connect() as connection:
        plan = await connection.exec_driver_sql(
            f"EXPLAIN QUERY PLAN {statement}", (1,) * statement.count("?")
        )
        details = " ".join(str(row[-1]) for row in plan)
    assert "ix_comments_story_featured" in details, details


async def test_the_fast_path_answers_a_cached_featured_listing(
    client: httpx.AsyncClient, site: str, moderator: SignedIn, queries: QueryCounter
) -> None:
    """`?filter=featured` is cached like the thread, so http/fast_reads.py answers it without the
    database; the Q&A filters are left to the API (their 400 comes from there)."""
    assert parse_page_query(b"filter=featured&limit=5") == ("filter=featured", 5, None)
    assert parse_page_query(b"filter=answered") is None
    assert parse_page_query(b"filter=best") is None
    comment = await post(client, site)
    await _feature(client, moderator, comment["id"])
    url = comments_url(site, "story-1")
    built = await client.get(url, params={"filter": "featured"})
    queries.reset()
    again = await client.get(url, params={"filter": "featured"})
    assert again.content == built.content and queries.count == 0
    assert again.headers["etag"] == built.headers["etag"]
    assert again.headers["etag"] != (await client.get(url)).headers["etag"]
