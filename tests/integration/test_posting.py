"""Posting, replying and listing through the HTTP API, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import anyio.to_thread
import httpx
import pytest

from tests.helpers import comments_url, listing, post


async def test_posted_comment_and_reply_appear_with_reply_under_parent(
    client: httpx.AsyncClient, site: str
) -> None:
    parent = await post(client, site, body="First!")
    reply = await post(client, site, body="A reply", parent_id=parent["id"])
    assert reply["parent_id"] == parent["id"] and reply["depth"] == 1

    page = await listing(client, site)
    assert page["total"] == 2
    assert [item["id"] for item in page["items"]] == [parent["id"], reply["id"]]
    assert page["items"][0]["reply_count"] == 1
    assert page["items"][1]["parent_id"] == parent["id"]


async def test_markdown_is_rendered_once_and_safely(client: httpx.AsyncClient, site: str) -> None:
    created = await post(client, site, body="**bold** and [link](https://example.org)")
    assert "<strong>bold</strong>" in created["body_html"]
    assert 'rel="nofollow ugc noopener noreferrer"' in created["body_html"]


async def test_story_is_created_on_first_comment_with_its_url(
    client: httpx.AsyncClient, site: str
) -> None:
    await post(client, site, story="fresh", story_title="A fresh story")
    story = (await client.get(f"/api/v1/sites/{site}/stories/fresh")).json()
    assert story["url"] == "https://news.example/politics/story-1"
    assert story["title"] == "A fresh story"
    assert story["comment_count"] == 1


async def test_a_later_comment_cannot_rename_or_move_the_story(
    client: httpx.AsyncClient, site: str
) -> None:
    await post(client, site, story_title="Original")
    await post(client, site, story_title="Hijacked", story_url="https://news.example/other")
    story = (await client.get(f"/api/v1/sites/{site}/stories/story-1")).json()
    assert (story["title"], story["url"]) == ("Original", "https://news.example/politics/story-1")


async def test_deep_replies_keep_their_depth(client: httpx.AsyncClient, site: str) -> None:
    parent_id = (await post(client, site, body="root"))["id"]
    depths = []
    for level in range(5):
        reply = await post(client, site, body=f"level {level}", parent_id=parent_id)
        depths.append(reply["depth"])
        parent_id = reply["id"]
    assert depths == [1, 2, 3, 4, 5]
    # The story page shows replies to the documented depth (3); deeper ones are one click away.
    page = await listing(client, site)
    assert max(item["depth"] for item in page["items"]) == 3
    deepest_shown = next(i for i in page["items"] if i["depth"] == 3)
    more = await client.get(f"/api/v1/sites/{site}/comments/{deepest_shown['id']}/replies")
    assert [item["depth"] for item in more.json()["items"]] == [4]


async def test_empty_story_lists_nothing_without_creating_it(
    client: httpx.AsyncClient, site: str
) -> None:
    page = await listing(client, site, story="never-commented")
    assert page == {"total": 0, "items": [], "next_cursor": None, "featured": []}
    missing = await client.get(f"/api/v1/sites/{site}/stories/never-commented")
    assert missing.status_code == 404


async def test_permalink_returns_comment_with_its_parents(
    client: httpx.AsyncClient, site: str
) -> None:
    root = await post(client, site, body="root")
    child = await post(client, site, body="child", parent_id=root["id"])
    response = await client.get(f"/api/v1/sites/{site}/comments/{child['id']}")
    assert response.status_code == 200
    data = response.json()
    assert data["comment"]["id"] == child["id"]
    assert [a["id"] for a in data["ancestors"]] == [root["id"]]


async def test_counts_for_many_stories(client: httpx.AsyncClient, site: str) -> None:
    await post(client, site, story="a")
    await post(client, site, story="a")
    await post(client, site, story="b", story_url="https://news.example/b")
    response = await client.get(
        f"/api/v1/sites/{site}/counts",
        params=[
            ("story", "a"),
            ("story", "b"),
            ("story", "zz"),
            ("url", "https://news.example/politics/story-1"),
        ],
    )
    assert response.status_code == 200, response.text
    assert response.json()["stories"] == {"a": 2, "b": 1, "zz": 0}
    assert response.json()["urls"] == {"https://news.example/politics/story-1": 2}


async def test_guests_refused_where_site_requires_sign_in(
    client: httpx.AsyncClient, app: object
) -> None:
    from tests.conftest import make_site

    await make_site(app, "members", allow_guests=False)  # type: ignore[arg-type]
    response = await client.post(
        comments_url("members", "s"), json={"body": "hi", "author_name": "x"}
    )
    assert response.status_code == 403
    assert "sign in" in response.json()["error"]["message"]


async def test_simultaneous_first_comments_create_one_story(
    client: httpx.AsyncClient, site: str, readers: object
) -> None:
    import asyncio

    results = await asyncio.gather(
        *(post(readers(f"192.0.2.{n}"), site, story="viral") for n in range(8))  # type: ignore[operator]
    )
    assert len({r["id"] for r in results}) == 8
    story = (await client.get(f"/api/v1/sites/{site}/stories/viral")).json()
    assert story["comment_count"] == 8


async def test_a_post_takes_no_turn_in_the_thread_pool(
    client: httpx.AsyncClient, site: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """FastAPI runs a plain (non-async) dependency in its thread pool: a hop to another thread
    and back on every write (issue 15). Posting's dependencies are all async."""
    hops: list[object] = []
    real = anyio.to_thread.run_sync

    async def counted(func: Any, *args: Any, **kwargs: Any) -> Any:
        hops.append(func)
        return await real(func, *args, **kwargs)

    monkeypatch.setattr(anyio.to_thread, "run_sync", counted)
    await post(client, site)
    await post(client, site, body="A reply, with its own dependencies.", expect=201)
    assert hops == []
