"""Bad input of every kind gets a 4xx in the error format, and nothing harmful is stored."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.helpers import STORY_URL, assert_inert, comments_url, listing, post

PAYLOADS = (Path(__file__).parent.parent / "fixtures" / "xss_payloads.txt").read_text().splitlines()


def assert_error(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] and error["message"]
    return str(error["message"])


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"body": "", "author_name": "A", "story_url": STORY_URL}, 422),
        ({"body": "   \n  ", "author_name": "A", "story_url": STORY_URL}, 422),
        ({"body": "x" * 10_001, "author_name": "A", "story_url": STORY_URL}, 422),
        ({"body": "hi", "author_name": "", "story_url": STORY_URL}, 422),
        ({"body": "hi", "author_name": "x" * 41, "story_url": STORY_URL}, 422),
        ({"body": "hi", "author_name": "A", "parent_id": 999_999, "story_url": STORY_URL}, 422),
        ({"body": "hi", "author_name": "A", "story_url": STORY_URL, "status": "published"}, 422),
        ({"author_name": "A", "story_url": STORY_URL}, 422),
        ({"body": 12, "author_name": "A", "story_url": STORY_URL}, 422),
        ({"body": "hi", "author_name": "A"}, 404),  # a new story needs its URL
        ({"body": "hi", "author_name": "A", "story_url": "https://evil.example/x"}, 403),
        ({"body": "hi", "author_name": "A", "story_url": "javascript:alert(1)"}, 403),
    ],
)
async def test_invalid_comments_are_refused(
    client: httpx.AsyncClient, site: str, body: dict[str, object], status: int
) -> None:
    assert_error(await client.post(comments_url(site, "story-1"), json=body), status)
    assert (await listing(client, site))["total"] == 0


async def test_one_megabyte_body_is_413(client: httpx.AsyncClient, site: str) -> None:
    huge = {"body": "x" * 1_000_000, "author_name": "A", "story_url": STORY_URL}
    assert_error(await client.post(comments_url(site, "story-1"), json=huge), 413)


async def test_malformed_json_is_400(client: httpx.AsyncClient, site: str) -> None:
    response = await client.post(
        comments_url(site, "story-1"),
        content=b'{"body": "unterminated',
        headers={"content-type": "application/json"},
    )
    assert "not valid JSON" in assert_error(response, 400)


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data", ""]
)
async def test_non_json_writes_are_refused(
    client: httpx.AsyncClient, site: str, content_type: str
) -> None:
    """SECURITY 8: text/plain, form posts and sendBeacon cannot write."""
    response = await client.post(
        comments_url(site, "story-1"),
        content=b'{"body": "hi", "author_name": "A"}',
        headers={"content-type": content_type},
    )
    assert_error(response, 415)


@pytest.mark.parametrize("origin", [None, "https://evil.example", "https://news.example.evil.com"])
async def test_writes_need_an_allowed_origin(
    client: httpx.AsyncClient, site: str, origin: str | None
) -> None:
    headers = {"origin": origin} if origin else {}
    client.headers.pop("origin")
    response = await client.post(
        comments_url(site, "story-1"),
        json={"body": "hi", "author_name": "A", "story_url": STORY_URL},
        headers=headers,
    )
    assert_error(response, 403)


async def test_unknown_site_is_404(client: httpx.AsyncClient, site: str) -> None:
    assert_error(await client.get(comments_url("nope", "story-1")), 404)
    response = await client.post(comments_url("nope", "s"), json={"body": "x", "author_name": "A"})
    assert_error(response, 404)


async def test_reply_to_a_comment_of_another_story_is_refused(
    client: httpx.AsyncClient, site: str
) -> None:
    other = await post(client, site, story="other", story_url="https://news.example/other")
    response = await client.post(
        comments_url(site, "story-1"),
        json={"body": "hi", "author_name": "A", "story_url": STORY_URL, "parent_id": other["id"]},
    )
    assert_error(response, 422)


@pytest.mark.parametrize(
    "params",
    [{"limit": 0}, {"limit": 101}, {"limit": "ten"}, {"sort": "random"}, {"cursor": "x" * 201}],
)
async def test_out_of_range_listing_parameters(
    client: httpx.AsyncClient, site: str, params: dict[str, object]
) -> None:
    assert_error(await client.get(comments_url(site, "story-1"), params=params), 422)


@pytest.mark.parametrize("cursor", ["garbage", "eyJ4IjoxfQ", "WyJ0b3AiLDEsMV0"])
async def test_forged_cursors_are_400(client: httpx.AsyncClient, site: str, cursor: str) -> None:
    await post(client, site)
    response = await client.get(comments_url(site, "story-1"), params={"cursor": cursor})
    assert_error(response, 400)


async def test_too_many_count_keys_is_413(client: httpx.AsyncClient, site: str) -> None:
    params = [("story", f"s{n}") for n in range(101)]
    assert_error(await client.get(f"/api/v1/sites/{site}/counts", params=params), 413)


async def test_xss_payloads_are_stored_inert(client: httpx.AsyncClient, site: str) -> None:
    name = '<b onmouseover="x">Eve</b>'
    for payload in PAYLOADS:
        # Published or held by moderation: either way what is stored is inert.
        written = await post(
            client, site, body=payload, author_name=name, resubmit=True, expect=(201, 202)
        )
        assert_inert(written["body_html"])
        assert written["author"]["name"] == name  # kept as text, escaped where it is shown
    for item in (await listing(client, site, limit=100))["items"]:
        assert_inert(item["body_html"])


async def test_unknown_route_uses_error_format(client: httpx.AsyncClient) -> None:
    assert_error(await client.get("/api/v1/nothing-here"), 404)


HUGE = "67993832221011380111738404864"  # found by schemathesis: a 500 from the SQLite driver


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/api/v1/sites/{site}/comments/{huge}", None),
        ("GET", "/api/v1/sites/{site}/comments/{huge}/replies", None),
        ("GET", "/api/v1/sites/{site}/comments/{huge}/source", None),
        ("PATCH", "/api/v1/sites/{site}/comments/{huge}", {"body": "x"}),
        ("DELETE", "/api/v1/sites/{site}/comments/{huge}", None),
        ("POST", "/api/v1/sites/{site}/comments/{huge}/reactions", {"kind": "like"}),
        ("POST", "/api/v1/sites/{site}/comments/{huge}/reports", {"reason": "spam"}),
        ("POST", "/api/v1/sites/{site}/moderation/comments/{huge}", {"action": "approve"}),
        ("PUT", "/api/v1/sites/{site}/moderation/users/{huge}", {"banned": True}),
        ("DELETE", "/api/v1/me/mutes/{huge}", None),
        ("POST", "/api/v1/me/mutes", {"account_id": int(HUGE)}),
        ("POST", "/api/v1/sites/{site}/stories/s/comments",
         {"body": "x", "author_name": "A", "parent_id": int(HUGE)}),
    ],
)  # fmt: skip
async def test_ids_beyond_an_integer_are_422_not_500(
    client: httpx.AsyncClient, site: str, method: str, path: str, body: Any
) -> None:
    url = path.format(site=site, huge=HUGE)
    response = await client.request(method, url, json=body, headers={"X-Edit-Token": "t"})
    assert response.status_code in (401, 422), response.text  # 401: sign-in is checked first
    assert "error" in response.json()
