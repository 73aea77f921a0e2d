"""The cached read path answers exactly as the API would, without touching the database."""

from __future__ import annotations

import httpx

from rejoinder.http.fast_reads import parse_page_query
from tests.conftest import QueryCounter
from tests.helpers import comments_url, post


async def test_second_read_is_served_from_memory_identically(
    client: httpx.AsyncClient, site: str, queries: QueryCounter
) -> None:
    await post(client, site)
    url = comments_url(site, "story-1") + "?sort=newest&limit=20"
    first = await client.get(url)
    queries.count = 0
    second = await client.get(url)
    assert queries.count == 0
    assert second.content == first.content
    assert second.headers["etag"] == first.headers["etag"]
    assert second.headers["content-type"] == "application/json"
    assert second.headers["x-content-type-options"] == "nosniff"  # still wrapped by middleware
    not_modified = await client.get(url, headers={"if-none-match": first.headers["etag"]})
    assert not_modified.status_code == 304 and queries.count == 0


async def test_a_write_is_visible_on_the_next_read(client: httpx.AsyncClient, site: str) -> None:
    await post(client, site)
    url = comments_url(site, "story-1")
    assert (await client.get(url)).json()["total"] == 1
    await client.get(url)  # now cached
    await post(client, site)
    assert (await client.get(url)).json()["total"] == 2


async def test_invalid_queries_still_get_the_apis_errors(
    client: httpx.AsyncClient, site: str
) -> None:
    await post(client, site)
    url = comments_url(site, "story-1")
    await client.get(url)
    assert (await client.get(url, params={"limit": 0})).status_code == 422
    assert (await client.get(url, params={"sort": "best"})).status_code == 422


def test_query_parsing_accepts_only_plain_valid_queries() -> None:
    assert parse_page_query(b"") == ("oldest", 50, None)
    assert parse_page_query(b"sort=top&limit=7&cursor=abc") == ("top", 7, "abc")
    for odd in (b"limit=0", b"limit=101", b"limit=-1", b"sort=best", b"limit=5&limit=6",
                b"x=1", b"cursor=", b"limit=%31"):  # fmt: skip
        assert parse_page_query(odd) in (None, ("oldest", 1, None)), odd


async def test_first_comment_of_a_story_read_as_empty_just_before(
    client: httpx.AsyncClient, site: str
) -> None:
    url = comments_url(site, "brand-new")
    assert (await client.get(url)).json()["total"] == 0  # "no story yet" is now cached
    await post(client, site, story="brand-new")
    assert (await client.get(url)).json()["total"] == 1
