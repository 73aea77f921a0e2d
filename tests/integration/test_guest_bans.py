"""Banning a guest by the network identity of one of their comments: per site, until a time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text

from rejoinder.domain.errors import Forbidden
from rejoinder.platform.tokens import identity_hash
from rejoinder.services import access
from rejoinder.storage.db import session_factory
from rejoinder.storage.repositories import sites as site_repo
from tests.conftest import RELAXED, make_site
from tests.helpers import post
from tests.integration.signed_in import SignedIn, sign_in

GUEST_IP = "198.51.100.7"


def _ban_url(comment_id: int, site: str = "news") -> str:
    return f"/api/v1/sites/{site}/moderation/comments/{comment_id}/ban-author"


def _in(days: float) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).isoformat()


async def _ban(
    client: httpx.AsyncClient, who: SignedIn, comment_id: int, expect: int = 201, **body: Any
) -> dict[str, Any]:
    response = await client.post(_ban_url(comment_id), json=body, headers=who.headers)
    assert response.status_code == expect, response.text
    data: dict[str, Any] = response.json()
    return data


async def _sites(app: FastAPI) -> SignedIn:
    await make_site(app, "news", **RELAXED)
    await make_site(app, "sport", **RELAXED)
    return await sign_in(app, "desk", moderates=("news",))


async def test_a_banned_guest_cannot_post_on_the_site_until_the_ban_ends(
    app: FastAPI, client: httpx.AsyncClient, readers: Any
) -> None:
    desk = await _sites(app)
    guest = readers(GUEST_IP)
    comment = await post(guest, "news")
    until = _in(7)
    ban = await _ban(client, desk, comment["id"], until=until, reason="slurs")
    assert ban["comment_id"] == comment["id"] and ban["site"] == "news"
    assert ban["reason"] == "slurs" and ban["expires_at"][:16] == until[:16]
    assert "author_key" not in ban and GUEST_IP not in str(ban)

    refused = await post(guest, "news", expect=403)
    assert "banned" in refused["error"]["message"] and until[:10] in refused["error"]["message"]
    await post(guest, "sport")  # a ban is for its site
    await post(readers("198.51.100.8"), "news")  # and for that network identity only
    read = await client.get(_ban_url(comment["id"]), headers=desk.headers)
    assert read.status_code == 200 and read.json()["reason"] == "slurs"

    async with session_factory(app.state.engine)() as db:
        await db.execute(
            text("UPDATE guest_bans SET expires_at = :past"),
            {"past": datetime.now(UTC) - timedelta(minutes=1)},
        )
        await db.commit()
    await post(guest, "news")  # an expired ban no longer applies
    assert (await client.get(_ban_url(comment["id"]), headers=desk.headers)).status_code == 404


async def test_a_ban_can_be_lifted_and_banning_again_replaces_it(
    app: FastAPI, client: httpx.AsyncClient, readers: Any
) -> None:
    desk = await _sites(app)
    guest = readers(GUEST_IP)
    first = await post(guest, "news")
    await _ban(client, desk, first["id"], until=_in(1))
    second_comment = await post(readers("198.51.100.9"), "news")
    again = await _ban(client, desk, first["id"], until=_in(30), reason="longer")
    assert again["reason"] == "longer"
    lifted = await client.delete(_ban_url(first["id"]), headers=desk.headers)
    assert lifted.status_code == 204
    await post(guest, "news")
    missing = await client.delete(_ban_url(first["id"]), headers=desk.headers)
    assert missing.status_code == 404
    assert (
        await client.get(_ban_url(second_comment["id"]), headers=desk.headers)
    ).status_code == 404


async def test_only_a_guests_comment_and_a_sensible_time(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    desk = await _sites(app)
    reader = await sign_in(app, "reader")
    by_account = await post(client, "news", headers=reader.headers)
    refused = await _ban(client, desk, by_account["id"], expect=409, until=_in(1))
    assert f"moderation/users/{reader.account_id}" in refused["error"]["message"]
    guest = await post(client, "news")
    await _ban(client, desk, guest["id"], expect=422, until=_in(-1))
    await _ban(client, desk, guest["id"], expect=422, until=_in(400))
    await _ban(client, desk, guest["id"], expect=422)
    await _ban(client, desk, guest["id"], expect=422, until=_in(1), reason="x" * 501)
    await _ban(client, desk, 999_999, expect=404, until=_in(1))
    theirs = await post(client, "sport")
    await _ban(client, desk, theirs["id"], expect=404, until=_in(1))  # another site's comment


async def test_a_deleted_guest_comment_no_longer_names_its_author(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    desk = await _sites(app)
    guest = await post(client, "news")
    deleted = await client.delete(
        f"/api/v1/sites/news/comments/{guest['id']}", headers={"X-Edit-Token": guest["edit_token"]}
    )
    assert deleted.status_code == 204
    refused = await _ban(client, desk, guest["id"], expect=409, until=_in(1))
    assert "deleted" in refused["error"]["message"]


async def test_readers_and_other_sites_moderators_cannot_ban(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await _sites(app)
    sport_desk = await sign_in(app, "sport-desk", moderates=("sport",))
    reader = await sign_in(app, "reader")
    guest = await post(client, "news")
    body = {"until": _in(1)}
    assert (await client.post(_ban_url(guest["id"]), json=body)).status_code == 401
    for who in (reader, sport_desk):
        await _ban(client, who, guest["id"], expect=403, **body)
    await post(client, "news")


async def test_the_check_the_edit_path_calls(app: FastAPI, client: httpx.AsyncClient) -> None:
    desk = await _sites(app)
    guest = await post(client, "news")
    await _ban(client, desk, guest["id"], until=_in(2))
    async with session_factory(app.state.engine)() as db:
        site = await site_repo.get_by_slug(db, "news")
        key = (await db.execute(text("SELECT author_key FROM comments"))).scalar_one()
        assert site is not None
        now = datetime.now(UTC)
        with pytest.raises(Forbidden, match="banned"):
            await access.check_guest_can_write(db, site.id, key, now)
        await access.check_guest_can_write(db, site.id, key, now + timedelta(days=3))
        await access.check_guest_can_write(db, site.id, "another-key", now)


async def test_a_ban_holds_for_every_address_of_the_guests_ipv6_network(
    app: FastAPI, client: httpx.AsyncClient, readers: Any
) -> None:
    """An IPv6 host changes its address within its /64 at will (privacy addresses): a guest is
    keyed by that /64, so a new address is no way round a ban, nor a second like."""
    desk = await _sites(app)
    comment = await post(readers("2001:db8:1:2::7"), "news")
    await _ban(client, desk, comment["id"], until=_in(7))
    refused = await post(readers("2001:db8:1:2:abcd:ef01:2345:6789"), "news", expect=403)
    assert "banned" in refused["error"]["message"]
    await post(readers("2001:db8:1:3::7"), "news")  # the next /64 is someone else

    other = await post(readers("2001:db8:9:9::1"), "news")
    like = f"/api/v1/sites/news/comments/{other['id']}/reactions"
    first = await readers("2001:db8:5:5::1").post(like, json={"kind": "like"})
    again = await readers("2001:db8:5:5::2").post(like, json={"kind": "like"})
    assert first.status_code == again.status_code == 200, again.text
    assert again.json()["like_count"] == 1


async def test_a_ban_made_by_an_exact_ipv6_address_key_still_holds(
    app: FastAPI, client: httpx.AsyncClient, readers: Any
) -> None:
    """Bans made before guests were keyed by their /64 name the exact address's key."""
    desk = await _sites(app)
    address = "2001:db8:7:7::7"
    comment = await post(readers(address), "news")
    exact = identity_hash(app.state.runtime.signing_key, "ip", address)
    async with session_factory(app.state.engine)() as db:
        await db.execute(text("UPDATE comments SET author_key = :key"), {"key": exact})
        await db.commit()
    await _ban(client, desk, comment["id"], until=_in(7))
    await post(readers(address), "news", expect=403)
