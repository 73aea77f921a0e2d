"""Abuse limits over HTTP with the real defaults (SECURITY 28-30): 429, Retry-After, a message.

The shared `settings` fixture raises every limit for the other API tests; this module puts the
defaults back, and a test that needs a limit within reach of a test names it in `limits`.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from rejoinder.config import Settings
from rejoinder.domain.rate_limits import DEFAULT_LIMITS
from rejoinder.services import mail
from tests.helpers import STORY_URL, post
from tests.integration.signed_in import sign_in

PROXY = "10.0.0.1"
POSTS_PER_IP = DEFAULT_LIMITS["post.ip"].count  # 10 a minute
POSTS_PER_NET = DEFAULT_LIMITS["post.net"].count  # 30 a minute


@pytest.fixture
def limits() -> dict[str, str]:
    return {}  # the defaults; a test overrides this with @pytest.mark.parametrize("limits", ...)


@pytest.fixture
def settings(database_url: str, tmp_path: Path, limits: dict[str, str]) -> Settings:
    return Settings(
        database_url=database_url,
        data_dir=tmp_path,
        secret_key="test-secret-key",
        trusted_proxies=["10.0.0.0/8"],
        rate_limits=limits,
    )


def assert_limited(response: httpx.Response, what: str) -> None:
    assert response.status_code == 429, response.text
    assert 1 <= int(response.headers["retry-after"]) <= 3600
    error = response.json()["error"]
    assert error["code"] == "rate_limited"
    assert error["message"].startswith(f"Too many {what} in a short time. Please wait ")


async def posts_until_refused(
    client: httpx.AsyncClient, site: str, story: str, **request: Any
) -> int:
    """How many comments go through before a 429 (at most 100)."""
    url = f"/api/v1/sites/{site}/stories/{story}/comments"
    for accepted in range(100):
        payload = {"body": f"Comment {accepted} here.", "author_name": "R", "story_url": STORY_URL}
        response = await client.post(url, json=payload, **request)
        if response.status_code == 429:
            assert_limited(response, "comments")
            return accepted
        assert response.status_code == 201, response.text
    raise AssertionError("never limited")


async def test_a_burst_of_posts_from_one_address_gets_429_while_another_reader_posts(
    site: str, readers: Any
) -> None:
    flooder = readers("192.0.2.10")
    assert await posts_until_refused(flooder, site, "story-1") == POSTS_PER_IP
    refused = await flooder.post(
        "/api/v1/sites/news/stories/story-1/comments",
        json={"body": "Again", "author_name": "R", "story_url": STORY_URL},
    )
    assert_limited(refused, "comments")
    assert int(refused.headers["retry-after"]) <= 60
    await post(readers("198.51.100.20"), site)  # another reader, another network: unaffected


async def test_a_refused_flood_does_not_queue_for_the_sqlite_write_lock(
    app: FastAPI, site: str, readers: Any
) -> None:
    lock: asyncio.Lock | None = app.state.write_lock
    if lock is None:
        pytest.skip("PostgreSQL takes writes concurrently: there is no write lock to queue for")
    flooder = readers("192.0.2.11")
    assert await posts_until_refused(flooder, site, "story-1") == POSTS_PER_IP
    async with lock:  # a long write in progress: an accepted post would wait for it
        url = f"/api/v1/sites/{site}/stories/story-1/comments"
        payload = {"body": "Flood", "author_name": "R", "story_url": STORY_URL}
        refused = await asyncio.wait_for(flooder.post(url, json=payload), timeout=5)
    assert_limited(refused, "comments")


async def test_addresses_of_one_ipv4_24_share_a_limit(site: str, readers: Any) -> None:
    accepted = 0
    for host in range(1, 5):
        accepted += await posts_until_refused(readers(f"192.0.2.{host}"), site, "story-1")
    assert accepted == POSTS_PER_NET  # three full addresses, then the /24 is spent
    await post(readers("192.0.3.1"), site)  # the next /24 is another network


async def test_addresses_of_one_ipv6_48_share_a_limit(site: str, readers: Any) -> None:
    accepted = 0
    for subnet in range(1, 5):  # four /64s of one /48: one household or one office
        accepted += await posts_until_refused(readers(f"2001:db8:1:{subnet}::1"), site, "story-1")
    assert accepted == POSTS_PER_NET
    await post(readers("2001:db8:2::1"), site)


async def test_a_signed_in_reader_is_limited_whatever_their_address(
    app: FastAPI, site: str, readers: Any
) -> None:
    anna = await sign_in(app, "Anna")
    url = f"/api/v1/sites/{site}/stories/story-1/comments"
    for n in range(DEFAULT_LIMITS["post.account"].count):
        reader = readers(f"198.51.{n}.7")  # a new network every time
        response = await reader.post(
            url, json={"body": f"Mine {n}", "story_url": STORY_URL}, headers=anna.headers
        )
        assert response.status_code == 201, response.text
    refused = await readers("203.0.113.99").post(url, json={"body": "More"}, headers=anna.headers)
    assert_limited(refused, "comments")
    await post(readers("203.0.113.99"), site)  # that address, as a guest, is not limited


async def test_x_forwarded_for_from_an_untrusted_peer_is_ignored(site: str, readers: Any) -> None:
    spoofer = readers("192.0.2.50")
    url = f"/api/v1/sites/{site}/stories/story-1/comments"
    for n in range(POSTS_PER_IP):
        forged = {"x-forwarded-for": f"203.0.{n}.1"}
        response = await spoofer.post(
            url, json={"body": f"x {n}", "author_name": "S", "story_url": STORY_URL}, headers=forged
        )
        assert response.status_code == 201
    refused = await spoofer.post(
        url, json={"body": "y", "author_name": "S"}, headers={"x-forwarded-for": "203.0.99.1"}
    )
    assert_limited(refused, "comments")


async def test_behind_a_trusted_proxy_each_forwarded_client_counts_apart(
    site: str, readers: Any
) -> None:
    proxy = readers(PROXY)
    first = {"headers": {"x-forwarded-for": "203.0.113.7"}}
    assert await posts_until_refused(proxy, site, "story-1", **first) == POSTS_PER_IP
    # A hop the client prepended is not believed: the proxy's own entry is the client.
    spoofed = {"headers": {"x-forwarded-for": "198.51.100.1, 203.0.113.7"}}
    assert await posts_until_refused(proxy, site, "story-1", **spoofed) == 0
    other = {"headers": {"x-forwarded-for": "198.51.100.9"}}
    assert await posts_until_refused(proxy, site, "story-1", **other) == POSTS_PER_IP


async def test_ipv6_clients_are_counted_by_their_whole_address(site: str, readers: Any) -> None:
    proxy = readers(PROXY)
    one = {"headers": {"x-forwarded-for": "2001:db8:abcd:12::5"}}
    assert await posts_until_refused(proxy, site, "story-1", **one) == POSTS_PER_IP
    neighbour = {"headers": {"x-forwarded-for": "2001:db8:abcd:12::6"}}  # same /64, not the same
    assert await posts_until_refused(proxy, site, "story-1", **neighbour) == POSTS_PER_IP


@pytest.mark.parametrize("limits", [{"post.story": "12/60"}], ids=["post.story=12"])
async def test_a_story_caps_posts_from_rotating_addresses(site: str, readers: Any) -> None:
    for n in range(12):
        await post(readers(f"198.51.{n}.1"), site, story="hot")
    refused = await readers("203.0.113.1").post(
        "/api/v1/sites/news/stories/hot/comments", json={"body": "One more", "author_name": "R"}
    )
    assert_limited(refused, "comments")
    await post(readers("203.0.113.1"), site, story="calm")  # another story is not affected


def _reactions(comment_id: int) -> str:
    return f"/api/v1/sites/news/comments/{comment_id}/reactions"


@pytest.mark.parametrize("limits", [{"react.comment": "3/60"}], ids=["react.comment=3"])
async def test_likes_on_one_comment_are_capped_against_rotating_addresses(
    client: httpx.AsyncClient, site: str, readers: Any
) -> None:
    target = await post(client, site)
    for n in range(3):
        liked = await readers(f"198.51.{n}.1").post(_reactions(target["id"]), json={})
        assert liked.status_code == 200
    assert_limited(
        await readers("203.0.113.1").post(_reactions(target["id"]), json={}), "reactions"
    )
    other = await post(client, site)
    assert (await readers("203.0.113.1").post(_reactions(other["id"]), json={})).status_code == 200


@pytest.mark.parametrize("limits", [{"react.story": "4/60"}], ids=["react.story=4"])
async def test_likes_on_one_story_are_capped_against_rotating_addresses(
    client: httpx.AsyncClient, site: str, readers: Any
) -> None:
    comments = [await post(client, site) for _ in range(5)]
    for n, comment in enumerate(comments[:4]):
        liked = await readers(f"198.51.{n}.1").post(_reactions(comment["id"]), json={})
        assert liked.status_code == 200
    late = await readers("203.0.113.1").post(_reactions(comments[4]["id"]), json={})
    assert_limited(late, "reactions")
    elsewhere = await post(client, site, story="story-2")
    assert (
        await readers("203.0.113.1").post(_reactions(elsewhere["id"]), json={})
    ).status_code == 200


@pytest.mark.parametrize("limits", [{"react.account": "3/60"}], ids=["react.account=3"])
async def test_a_signed_in_reader_likes_once_as_their_account_from_any_address(
    app: FastAPI, client: httpx.AsyncClient, site: str, readers: Any
) -> None:
    anna, ben = await sign_in(app, "Anna"), await sign_in(app, "Ben")
    url = f"/api/v1/sites/{site}/stories/story-1/comments"
    bens = (
        await client.post(
            url, json={"body": "Ben's view", "story_url": STORY_URL}, headers=ben.headers
        )
    ).json()
    for n in range(3):  # a new address each time: still one like, the account's
        liked = await readers(f"198.51.{n}.1").post(
            _reactions(bens["id"]), json={}, headers=anna.headers
        )
        assert liked.json() == {"like_count": 1}
    more = await readers("203.0.113.1").post(_reactions(bens["id"]), json={}, headers=anna.headers)
    assert_limited(more, "reactions")
    own = await readers("203.0.113.2").post(_reactions(bens["id"]), json={}, headers=ben.headers)
    assert own.status_code == 403  # none on your own comment, from any address


async def test_reports_are_limited(client: httpx.AsyncClient, site: str, readers: Any) -> None:
    target = await post(client, site)
    reporter = readers("192.0.2.30")
    url = f"/api/v1/sites/{site}/comments/{target['id']}/reports"
    statuses = [(await reporter.post(url, json={"reason": "spam"})).status_code for _ in range(10)]
    assert statuses == [201] + [409] * 9  # a refused attempt still counts
    assert_limited(await reporter.post(url, json={"reason": "spam"}), "reports")


async def test_counts_are_limited(site: str, readers: Any) -> None:
    counter = readers("192.0.2.40")
    url = f"/api/v1/sites/{site}/counts?story=story-1"
    for _ in range(DEFAULT_LIMITS["counts.ip"].count):
        assert (await counter.get(url)).status_code == 200
    assert_limited(await counter.get(url), "count requests")
    assert (await readers("198.51.100.40").get(url)).status_code == 200


async def test_previews_are_limited(site: str, readers: Any) -> None:
    previewer = readers("192.0.2.60")
    url = f"/api/v1/sites/{site}/preview"
    for _ in range(DEFAULT_LIMITS["preview.ip"].count):
        assert (await previewer.post(url, json={"body": "*draft*"})).status_code == 200
    assert_limited(await previewer.post(url, json={"body": "*draft*"}), "previews")


MAIL_REQUESTS = [
    ("/api/v1/auth/password-reset", "reset", "password reset requests"),
    ("/api/v1/auth/verify/resend", "resend", "requests for a confirmation link"),
]


@pytest.mark.parametrize(("path", "action", "what"), MAIL_REQUESTS)
async def test_mail_requests_are_limited_per_client_and_per_address(
    readers: Any, path: str, action: str, what: str
) -> None:
    """Counted before anything is looked up, so a refusal says nothing about the address."""
    asker = readers("192.0.2.70")
    for n in range(DEFAULT_LIMITS[f"{action}.ip"].count):
        answer = await asker.post(path, json={"email": f"reader{n}@example.org"})
        assert answer.status_code == 202, answer.text
    assert_limited(await asker.post(path, json={"email": "one.more@example.org"}), what)

    for n in range(DEFAULT_LIMITS[f"{action}.email"].count):  # one address, from many networks
        answer = await readers(f"198.51.{n}.70").post(path, json={"email": "ida@example.org"})
        assert answer.status_code == 202, answer.text
    again = await readers("203.0.113.70").post(path, json={"email": "IDA@example.org"})
    assert_limited(again, what)
    await mail.drain()  # the lookups run after the answers


async def test_name_changes_are_limited(app: FastAPI, readers: Any) -> None:
    """Refused attempts count too: nobody tries name after name."""
    anna = await sign_in(app, "Anna")
    for n in range(DEFAULT_LIMITS["rename.account"].count):
        reader = readers(f"198.51.{n}.80")  # a new network every time
        answer = await reader.patch(
            "/api/v1/me", json={"display_name": "admin"}, headers=anna.headers
        )
        assert answer.status_code == 422, answer.text
    refused = await readers("203.0.113.80").patch(
        "/api/v1/me", json={"display_name": "Annabel"}, headers=anna.headers
    )
    assert_limited(refused, "name changes")
