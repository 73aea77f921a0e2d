"""Sorting, cursor pagination, caching headers and the cost of a page."""

from __future__ import annotations

from typing import Any

import httpx

from tests.conftest import QueryCounter
from tests.helpers import comments_url, listing, post


async def _like(readers: Any, site: str, comment_id: int, ip: str) -> None:
    response = await readers(ip).post(
        f"/api/v1/sites/{site}/comments/{comment_id}/reactions", json={"kind": "like"}
    )
    assert response.status_code == 200, response.text


async def test_sorts_order_top_level_comments(
    client: httpx.AsyncClient, site: str, readers: Any
) -> None:
    first = await post(client, site, body="first")
    second = await post(client, site, body="second")
    third = await post(client, site, body="third")
    await post(client, site, body="reply", parent_id=first["id"])
    await post(client, site, body="reply 2", parent_id=first["id"])
    await post(client, site, body="reply 3", parent_id=third["id"])
    await _like(readers, site, second["id"], "10.0.0.1")
    await _like(readers, site, second["id"], "10.0.0.2")
    await _like(readers, site, third["id"], "10.0.0.1")

    def roots(page: dict[str, list[dict[str, int]]]) -> list[int]:
        return [item["id"] for item in page["items"] if item["parent_id"] is None]

    ids = [first["id"], second["id"], third["id"]]
    assert roots(await listing(client, site, sort="oldest")) == ids
    assert roots(await listing(client, site, sort="newest")) == ids[::-1]
    assert roots(await listing(client, site, sort="top")) == [ids[1], ids[2], ids[0]]
    assert roots(await listing(client, site, sort="replies")) == [ids[0], ids[2], ids[1]]


async def test_cursor_pages_through_every_comment_once(
    client: httpx.AsyncClient, site: str
) -> None:
    posted = [(await post(client, site, body=f"comment {n}"))["id"] for n in range(7)]
    for sort, expected in (("oldest", posted), ("newest", posted[::-1])):
        seen: list[int] = []
        cursor = None
        while True:
            params: dict[str, Any] = {
                "sort": sort,
                "limit": 3,
                **({"cursor": cursor} if cursor else {}),
            }
            page = await listing(client, site, **params)
            seen += [item["id"] for item in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert seen == expected


async def test_page_cost_does_not_grow_with_the_thread(
    client: httpx.AsyncClient, site: str, queries: QueryCounter
) -> None:
    async def queries_for_first_page(limit: int) -> int:
        queries.count = 0
        await listing(client, site, limit=limit)  # a new limit: the page cache cannot answer
        return queries.count

    root = await post(client, site, body="root")
    await post(client, site, body="reply", parent_id=root["id"])
    small = await queries_for_first_page(limit=10)
    for n in range(30):
        parent = await post(client, site, body=f"more {n}")
        await post(client, site, body="reply", parent_id=parent["id"])
        await post(client, site, body="reply", parent_id=parent["id"])
    large = await queries_for_first_page(limit=11)
    assert small == large == 4  # story lookup, roots, replies, featured (a first page)


async def test_unchanged_page_is_revalidated_with_304(client: httpx.AsyncClient, site: str) -> None:
    await post(client, site)
    first = await client.get(comments_url(site, "story-1"))
    etag = first.headers["etag"]
    again = await client.get(comments_url(site, "story-1"), headers={"if-none-match": etag})
    assert again.status_code == 304
    await post(client, site, body="a new comment changes the page")
    changed = await client.get(comments_url(site, "story-1"), headers={"if-none-match": etag})
    assert changed.status_code == 200 and changed.json()["total"] == 2
