"""Atom and RSS feeds of the newest comments (docs/feeds.md), on both databases: they validate
with feedparser, hold only published comments, newest first, and are rebuilt per story version."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import feedparser
import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import update

from rejoinder.config import Settings
from rejoinder.storage.db import session_factory
from rejoinder.storage.models import Story
from tests.conftest import GENEROUS_LIMITS, RELAXED, QueryCounter, make_site
from tests.helpers import STORY_URL, post

FORMATS = {
    "atom": ("application/atom+xml; charset=utf-8", "atom10"),
    "rss": ("application/rss+xml; charset=utf-8", "rss20"),
}
# "casino" rejects a comment and "crypto" holds it (the site's word lists).
WORDS = {"banned_words": ["casino"], "suspect_words": ["crypto"]}


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    """The conftest's settings, with the no-JS article page at / showing story-1 of `news`."""
    return Settings(
        database_url=database_url,
        data_dir=tmp_path,
        secret_key="test-secret-key",
        rate_limits=GENEROUS_LIMITS,
        home_story="news/story-1",
    )


@pytest.fixture
async def site(app: FastAPI) -> str:
    await make_site(app, "news", moderation={**RELAXED["moderation"], **WORDS})
    return "news"


def story_feed(site: str, story: str, fmt: str) -> str:
    return f"/feeds/sites/{site}/stories/{story}.{fmt}"


async def parsed(client: httpx.AsyncClient, path: str, fmt: str) -> Any:
    """The feed at `path`, checked for its media type and parsed without a single complaint."""
    response = await client.get(path)
    assert response.status_code == 200, response.text
    media_type, version = FORMATS[fmt]
    assert response.headers["content-type"] == media_type
    assert response.headers["cache-control"].startswith("public")
    assert response.headers["etag"] and response.headers["last-modified"]
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == version
    return feed


def entry_ids(feed: Any) -> list[str]:
    return [entry.id for entry in feed.entries]


def permalink(comment: dict[str, Any]) -> str:
    return f"{STORY_URL}#comment-{comment['id']}"


async def delete(client: httpx.AsyncClient, site: str, comment: dict[str, Any]) -> None:
    response = await client.delete(
        f"/api/v1/sites/{site}/comments/{comment['id']}",
        headers={"x-edit-token": comment["edit_token"]},
    )
    assert response.status_code == 204


@pytest.mark.parametrize("fmt", FORMATS)
async def test_story_feed_holds_only_published_comments_newest_first(
    client: httpx.AsyncClient, site: str, fmt: str
) -> None:
    first = await post(client, site, body="The *first* word.", author_email="ann@example.org")
    held = await post(client, site, body="What about crypto regulation?", expect=202)
    rejected = await post(client, site, body="Visit my CASINO tonight", expect=202)
    assert (held["status"], rejected["status"]) == ("pending", "rejected")
    removed = await post(client, site, body="I take this back.")
    await delete(client, site, removed)
    tombstone = await post(client, site, body="Deleted, with a reply kept.")
    reply = await post(client, site, body="A reply that stays.", parent_id=tombstone["id"])
    await delete(client, site, tombstone)
    last = await post(client, site, body="The last word.", author_name="Bea")

    feed = await parsed(client, story_feed(site, "story-1", fmt), fmt)

    assert entry_ids(feed) == [permalink(c) for c in (last, reply, first)]
    newest, _, oldest = feed.entries
    assert newest.author == "Bea" and newest.link == permalink(last)
    body = oldest.content[0] if fmt == "atom" else oldest
    assert "<em>first</em>" in (body.value if fmt == "atom" else body.summary)
    if fmt == "atom":
        assert body.type == "text/html"
    assert "ann@example.org" not in str(feed)  # names only, never an address


@pytest.mark.parametrize("fmt", FORMATS)
async def test_characters_xml_cannot_hold_are_left_out_of_a_feed(
    client: httpx.AsyncClient, site: str, fmt: str
) -> None:
    """A comment may hold control characters; in a feed they would break it for every reader."""
    await post(client, site, body="Tab\tis fine, \x01 and \x0b are not, nor \ufffe.")
    feed = await parsed(client, story_feed(site, "story-1", fmt), fmt)
    text = feed.entries[0].content[0].value if fmt == "atom" else feed.entries[0].summary
    assert text == "<p>Tab\tis fine,  and  are not, nor .</p>"


@pytest.mark.parametrize("fmt", FORMATS)
async def test_site_feed_holds_the_newest_published_comments_of_every_story(
    client: httpx.AsyncClient, site: str, fmt: str
) -> None:
    one = await post(client, site, "story-1", story_title="Budget day")
    two = await post(client, site, "story-2", story_title="Match report")
    await post(client, site, "story-2", "What about crypto regulation?", expect=202)

    feed = await parsed(client, f"/feeds/sites/{site}.{fmt}", fmt)

    assert entry_ids(feed) == [permalink(two), permalink(one)]
    assert [entry.title for entry in feed.entries] == [
        "Reader — Match report",
        "Reader — Budget day",
    ]


async def test_a_story_feed_revalidates_until_a_post_changes_the_story(
    client: httpx.AsyncClient, site: str, queries: QueryCounter
) -> None:
    first = await post(client, site)
    path = story_feed(site, "story-1", "atom")
    etag = (await client.get(path)).headers["etag"]

    queries.reset()
    again = await client.get(path, headers={"if-none-match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    assert queries.count == 0  # the trusted story lookup and the feed of its version: cached

    second = await post(client, site)
    changed = await client.get(path, headers={"if-none-match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    feed = feedparser.parse(changed.content)
    assert entry_ids(feed) == [permalink(second), permalink(first)]


async def test_unknown_sites_and_stories_have_no_feed(client: httpx.AsyncClient, site: str) -> None:
    await post(client, site)
    for path, message in [
        (story_feed(site, "no-such-story", "rss"), "There is no story 'no-such-story'"),
        (story_feed("nowhere", "story-1", "atom"), "There is no site 'nowhere'"),
        ("/feeds/sites/nowhere.atom", "There is no site 'nowhere'"),
    ]:
        response = await client.get(path)
        assert response.status_code == 404
        assert message in response.json()["error"]["message"]


async def test_a_closed_story_keeps_its_feed(
    client: httpx.AsyncClient, app: FastAPI, site: str
) -> None:
    comment = await post(client, site)
    async with session_factory(app.state.engine)() as session:
        closed = update(Story).where(Story.key == "story-1").values(closed_at=datetime.now(UTC))
        await session.execute(closed)
        await session.commit()
    feed = await parsed(client, story_feed(site, "story-1", "rss"), "rss")
    assert entry_ids(feed) == [permalink(comment)]


async def test_the_story_page_links_its_feeds_in_its_head(
    client: httpx.AsyncClient, site: str
) -> None:
    await post(client, site, story_title="Budget day")
    head = (await client.get("/")).text.split("</head>")[0]
    for fmt in FORMATS:
        media_type = FORMATS[fmt][0].split(";")[0]
        url = f"http://testserver{story_feed(site, 'story-1', fmt)}"
        assert f'<link rel="alternate" type="{media_type}"' in head
        assert f'href="{url}"' in head
        assert (await client.get(url)).status_code == 200


async def test_counts_carry_cache_control(client: httpx.AsyncClient, site: str) -> None:
    await post(client, site)
    response = await client.get(f"/api/v1/sites/{site}/counts", params={"url": STORY_URL})
    assert response.json()["urls"] == {STORY_URL: 1}
    assert response.headers["cache-control"].startswith("public")
