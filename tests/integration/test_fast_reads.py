"""The cached read path answers exactly as the API would, without touching the database."""

from __future__ import annotations

import asyncio
import gzip
import time

import httpx
import orjson
import pytest
from fastapi import FastAPI

from rejoinder.app import create_app
from rejoinder.config import Settings
from rejoinder.http import cache
from rejoinder.http.fast_reads import parse_page_query
from rejoinder.platform import background
from tests.conftest import ORIGIN, QueryCounter
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


async def test_a_percent_in_a_story_key_names_one_story_on_both_paths(
    client: httpx.AsyncClient, site: str
) -> None:
    """`%25` in the URL is a `%` in the key, decoded once (by the server) on either path."""
    stories = {"a%25b": 1, "a%2525b": 2}  # as sent in the URL: keys `a%b` and `a%25b`
    for sent, comments in stories.items():
        for n in range(comments):
            await post(client, site, story=sent, story_url=f"https://news.example/{n}{sent}")
    for _ in range(3):  # the API's answer first, then the fast path's from memory
        for sent, comments in stories.items():
            page = (await client.get(comments_url(site, sent))).json()
            assert page["total"] == comments, sent


BIG = "A long comment that makes the page worth compressing. " * 30


async def _raw(
    client: httpx.AsyncClient, url: str, headers: dict[str, str]
) -> tuple[httpx.Response, bytes]:
    """The response and its body as sent, not decoded by httpx."""
    async with client.stream("GET", url, headers=headers) as response:
        sent = b"".join([chunk async for chunk in response.aiter_raw()])
    return response, sent


def _without_request_id(response: httpx.Response) -> list[tuple[str, str]]:
    """Every header but the request id, which is each request's own."""
    return [(k, v) for k, v in response.headers.multi_items() if k != "x-request-id"]


async def test_a_cached_page_is_gzipped_once_and_served_alike_by_both_paths(
    client: httpx.AsyncClient, site: str, queries: QueryCounter, monkeypatch: pytest.MonkeyPatch
) -> None:
    await post(client, site, body=BIG)
    url = comments_url(site, "story-1")
    plain, plain_body = await _raw(client, url, {"accept-encoding": "identity"})
    api, api_body = await _raw(client, url, {"accept-encoding": "gzip, deflate"})
    monkeypatch.setattr(cache, "compress", _must_not_compress)  # once per version, not per read
    queries.count = 0
    fast, fast_body = await _raw(client, url, {"accept-encoding": "gzip, deflate"})
    assert queries.count == 0
    assert "content-encoding" not in plain.headers
    assert gzip.decompress(api_body) == plain_body and fast_body == api_body
    assert len(api_body) < len(plain_body) // 2
    for response in (api, fast):
        assert response.headers["content-encoding"] == "gzip"
        assert response.headers["content-length"] == str(len(api_body))
    assert _without_request_id(api) == _without_request_id(fast)
    for response in (plain, api, fast):
        assert "accept-encoding" in response.headers.get_list("vary")
    assert plain.headers["etag"] != api.headers["etag"]  # two representations, two strong ETags


async def test_revalidation_matches_the_coding_asked_for(
    client: httpx.AsyncClient, site: str
) -> None:
    await post(client, site, body=BIG)
    url = comments_url(site, "story-1")
    plain, _ = await _raw(client, url, {"accept-encoding": "identity"})
    zipped, _ = await _raw(client, url, {"accept-encoding": "gzip"})
    for _ in range(2):  # the API, then the fast path
        same = await client.get(
            url, headers={"accept-encoding": "gzip", "if-none-match": zipped.headers["etag"]}
        )
        assert same.status_code == 304 and same.headers["etag"] == zipped.headers["etag"]
        assert "accept-encoding" in same.headers.get_list("vary")
        other = await client.get(
            url, headers={"accept-encoding": "gzip", "if-none-match": plain.headers["etag"]}
        )
        assert other.status_code == 200 and other.headers["content-encoding"] == "gzip"
        refused = await client.get(url, headers={"accept-encoding": "gzip;q=0, br"})
        assert "content-encoding" not in refused.headers


async def test_a_small_page_is_not_compressed(client: httpx.AsyncClient, site: str) -> None:
    await post(client, site)
    url = comments_url(site, "story-1")
    for _ in range(2):
        response, sent = await _raw(client, url, {"accept-encoding": "gzip"})
        assert "content-encoding" not in response.headers
        assert orjson.loads(sent)["total"] == 1


async def test_other_json_is_compressed_on_the_way_out(
    client: httpx.AsyncClient, site: str
) -> None:
    parent = await post(client, site)
    for _ in range(3):
        await post(client, site, body=BIG, parent_id=parent["id"])
    replies = f"/api/v1/sites/{site}/comments/{parent['id']}/replies"
    zipped, sent = await _raw(client, replies, {"accept-encoding": "gzip"})
    plain, plain_body = await _raw(client, replies, {"accept-encoding": "identity"})
    assert zipped.headers["content-encoding"] == "gzip"
    assert gzip.decompress(sent) == plain_body
    assert "content-encoding" not in plain.headers
    for response in (zipped, plain):
        assert "accept-encoding" in response.headers.get_list("vary")


async def test_counts_may_be_cached_briefly(client: httpx.AsyncClient, site: str) -> None:
    await post(client, site)
    response = await client.get(f"/api/v1/sites/{site}/counts", params={"story": "story-1"})
    assert response.status_code == 200
    directives = {d.strip() for d in response.headers["cache-control"].split(",")}
    assert {"public", "max-age=0", "s-maxage=2"} <= directives
    refused = await client.get(f"/api/v1/sites/{site}/counts")
    assert refused.status_code == 400 and "public" not in refused.headers.get("cache-control", "")


def _must_not_compress(*_args: object, **_kwargs: object) -> bytes:
    raise AssertionError("a cached page was compressed again")


async def test_a_write_through_another_process_is_read_once_the_lookup_is_stale(
    app: FastAPI, site: str, settings: Settings
) -> None:
    """Two apps on one database stand for two processes: the reader never took the write."""
    quick = settings.model_copy(update={"read_freshness_seconds": 0.2})
    reader, writer = create_app(quick), create_app(quick)
    async with _client(reader) as reading, _client(writer) as writing:
        await post(writing, site)
        url = comments_url(site, "story-1")
        for _ in range(2):  # the page and the story lookup are now in the reader's memory
            assert (await reading.get(url)).json()["total"] == 1
        await post(writing, site)
        deadline = time.monotonic() + 0.2 + 1.0
        while (await reading.get(url)).json()["total"] != 2:
            assert time.monotonic() < deadline, "the reader still serves the old page"
            await asyncio.sleep(0.02)
        for _ in range(20):  # and it does not go back to it
            assert (await reading.get(url)).json()["total"] == 2
            await asyncio.sleep(0.02)
    await background.drain()  # renewals of the story lookup still on their way
    for other in (reader, writer):
        await other.state.shutdown()


def _client(application: FastAPI) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=application)
    return httpx.AsyncClient(transport=transport, base_url="http://testserver",
                             headers={"origin": ORIGIN})  # fmt: skip


async def test_concurrent_cold_reads_share_one_lookup_and_one_page_build(
    client: httpx.AsyncClient, site: str, queries: QueryCounter
) -> None:
    """64 readers of a page nobody has read yet: not 64 of each query (ADR 0005)."""
    await post(client, site)
    url = comments_url(site, "story-1")
    queries.count = 0
    pages = await asyncio.gather(*(client.get(url) for _ in range(64)))
    assert {page.json()["total"] for page in pages} == {1}
    assert queries.count == 4  # story lookup, roots, replies, featured (a first page)


async def test_a_failed_read_does_not_spoil_the_cached_story_lookup(
    client: httpx.AsyncClient, site: str
) -> None:
    """A read that fails after looking its story up rolls its session back, which expires what
    that session loaded; the lookup kept for the fast path must not be one of those objects
    (found by the API fuzzer: the next cached read was a 500)."""
    await post(client, site)
    url = comments_url(site, "story-1")
    # The first read after the write looks the story up, keeps the lookup, then fails.
    failed = await client.get(url, params={"cursor": "bm90IGEgY3Vyc29y"})
    assert failed.status_code == 400, failed.text
    for _ in range(2):
        again = await client.get(url)
        assert again.status_code == 200, again.text
