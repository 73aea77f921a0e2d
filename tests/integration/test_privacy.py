"""A reader's data: never public (SECURITY 14), downloadable, erasable as each site says."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import select

from rejoinder.storage.db import session_factory
from rejoinder.storage.models import Account, AuthSession, Comment, EmailToken, Reaction, Report
from tests import mailbox as box
from tests.conftest import make_site
from tests.helpers import listing, post
from tests.mailbox import (
    ACCOUNT_SITE,
    PASSWORD,
    Mailbox,
    bearer,
    cookie,
    log_in,
    post_as,
    register,
    sign_up,
)

mailbox, settings, site = box.mailbox, box.settings, box.site

READER_IP = "203.0.113.77"
EMAIL = "rosa@example.org"


async def _rows(app: FastAPI, model: Any) -> list[Any]:
    async with session_factory(app.state.engine)() as session:
        return list((await session.execute(select(model).order_by(model.created_at))).scalars())


async def test_public_answers_never_show_email_or_ip(
    site: str, readers: Any, mailbox: Mailbox
) -> None:
    client = readers(READER_IP)
    await sign_up(client, mailbox, EMAIL, "Rosa")
    login = await log_in(client, EMAIL)
    parent = await post_as(client, login)
    await post_as(client, login, parent_id=parent["id"])
    public = [
        await client.get("/api/v1/sites/news/stories/story-1/comments"),
        await client.get(f"/api/v1/sites/news/comments/{parent['id']}"),
        await client.get(f"/api/v1/sites/news/comments/{parent['id']}/replies"),
        await client.get("/api/v1/sites/news/stories/story-1"),
        await client.get("/fragments/sites/news/stories/story-1"),
    ]
    for response in public:
        assert response.status_code == 200, response.url
        for secret in (EMAIL, "rosa@", READER_IP, "203.0.113"):
            assert secret not in response.text, (secret, response.url)
    assert "Rosa" in public[0].text
    own = await client.get("/api/v1/me", headers=bearer(login))
    assert own.json()["email"] == EMAIL  # the only place it is shown: to its owner
    assert own.headers["cache-control"] == "no-store"


async def test_export_holds_the_readers_data_and_only_theirs(
    client: httpx.AsyncClient, site: str, readers: Any, mailbox: Mailbox
) -> None:
    await sign_up(client, mailbox, EMAIL, "Rosa")
    login = await log_in(client, EMAIL)
    first = await post_as(client, login, body="My *first* comment.")
    guest = await post(readers("198.51.100.5"), site, author_name="Guest", parent_id=first["id"])
    await post_as(client, login, story="story-2", parent_id=None)
    liked = await client.post(
        f"/api/v1/sites/news/comments/{guest['id']}/reactions",
        json={"kind": "like"},
        headers=bearer(login),
    )
    assert liked.status_code == 200, liked.text

    response = await client.get("/api/v1/me/export", headers=bearer(login))
    assert response.status_code == 200
    assert response.headers["content-disposition"].startswith("attachment;")
    assert response.headers["cache-control"] == "no-store"
    data = response.json()
    assert data["account"]["email"] == EMAIL
    assert data["account"]["display_name"] == "Rosa"
    assert data["account"]["email_verified_at"] is not None
    assert data["account"]["has_password"] is True
    assert "password_hash" not in data["account"]
    assert [c["story"]["key"] for c in data["comments"]] == ["story-1", "story-2"]
    exported = data["comments"][0]
    assert exported["body"] == "My *first* comment."
    assert exported["body_html"] == "<p>My <em>first</em> comment.</p>"
    assert exported["site"] == "news" and exported["status"] == "published"
    assert exported["story"]["url"] == "https://news.example/politics/story-1"
    assert exported["reply_count"] == 1
    assert guest["id"] not in {c["id"] for c in data["comments"]}
    assert len(data["sessions"]) == 1
    assert "token" not in str(data["sessions"])
    assert [(r["comment_id"], r["kind"]) for r in data["reactions"]] == [(guest["id"], "like")]
    assert data["mutes"] == [] and data["sso_identities"] == []


async def test_delete_account_follows_each_sites_setting(
    app: FastAPI, client: httpx.AsyncClient, site: str, mailbox: Mailbox
) -> None:
    """news makes tombstones, opinion anonymises; replies by others stay readable on both."""
    await make_site(app, "opinion", account_deletion="anonymise", **ACCOUNT_SITE)
    await sign_up(client, mailbox, EMAIL, "Rosa")
    login = await log_in(client, EMAIL)
    written = {
        slug: await post_as(client, login, site=slug, body=f"Rosa's words on {slug}.")
        for slug in ("news", "opinion")
    }
    lonely = await post_as(client, login, body="Nobody answered this one.")
    replies = {
        slug: await post(client, slug, author_name="Guest", parent_id=written[slug]["id"])
        for slug in ("news", "opinion")
    }

    no_password = await client.request("DELETE", "/api/v1/me", json={}, headers=bearer(login))
    assert no_password.status_code == 403
    wrong = await client.request(
        "DELETE", "/api/v1/me", json={"password": "not it"}, headers=bearer(login)
    )
    assert wrong.status_code == 403
    gone = await client.request(
        "DELETE", "/api/v1/me", json={"password": PASSWORD}, headers=bearer(login)
    )
    assert gone.status_code == 204
    assert gone.headers["set-cookie"].startswith('rejoinder_session="";')

    news = {c["id"]: c for c in (await listing(client, "news"))["items"]}
    assert news[written["news"]["id"]]["status"] == "deleted"
    assert news[written["news"]["id"]]["author"]["name"] is None
    assert news[written["news"]["id"]]["body_html"] == ""
    assert news[replies["news"]["id"]]["body_html"] == replies["news"]["body_html"]
    assert lonely["id"] not in news  # a tombstone without replies is not shown
    assert (await listing(client, "news"))["total"] == 1

    opinion = {c["id"]: c for c in (await listing(client, "opinion"))["items"]}
    kept = opinion[written["opinion"]["id"]]
    assert kept["status"] == "published" and kept["author"]["name"] == "deleted account"
    assert kept["body_html"] == "<p>Rosa's words on opinion.</p>"
    assert opinion[replies["opinion"]["id"]]["status"] == "published"

    # The edit token of the anonymised comment no longer works: nobody is its author now.
    edit = await client.patch(
        f"/api/v1/sites/opinion/comments/{written['opinion']['id']}",
        json={"body": "Rewritten"},
        headers={"x-edit-token": written["opinion"]["edit_token"]},
    )
    assert edit.status_code == 403

    await _assert_nothing_personal_left(app)
    assert (await client.get("/api/v1/me", headers=bearer(login))).status_code == 401
    await log_in(client, EMAIL, expect=401)


async def _assert_nothing_personal_left(app: FastAPI) -> None:
    assert await _rows(app, Account) == []
    assert await _rows(app, AuthSession) == []
    assert await _rows(app, EmailToken) == []
    for comment in await _rows(app, Comment):
        if comment.author_name in ("", "deleted account"):
            assert comment.author_account_id is None and comment.author_key is None
        if comment.status == "deleted":
            assert comment.body_src == comment.body_html == comment.author_name == ""


async def test_delete_with_a_cookie_needs_the_csrf_token(
    client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    await sign_up(client, mailbox, EMAIL, "Rosa")
    login = await log_in(client, EMAIL)
    body = {"password": PASSWORD}
    forged = await client.request("DELETE", "/api/v1/me", json=body, headers=cookie(login))
    assert forged.status_code == 403
    as_text = await client.request(
        "DELETE",
        "/api/v1/me",
        content=b'{"password": "x"}',
        headers=cookie(login, csrf=True) | {"content-type": "text/plain"},
    )
    assert as_text.status_code == 415
    done = await client.request("DELETE", "/api/v1/me", json=body, headers=cookie(login, csrf=True))
    assert done.status_code == 204
    # The address and the name are free again.
    await register(client, EMAIL, "Rosa")


async def test_deleting_an_account_withdraws_its_likes_and_unlinks_its_reports(
    app: FastAPI, client: httpx.AsyncClient, site: str, mailbox: Mailbox, readers: Any
) -> None:
    await sign_up(client, mailbox, EMAIL, "Rosa")
    login = await log_in(client, EMAIL)
    others = readers("198.51.100.23")  # someone else's comments (a guest cannot like their own)
    liked = await post(others, site, author_name="Guest")
    reported = await post(others, site, author_name="Troll")
    base = f"/api/v1/sites/{site}/comments"
    like = await client.post(f"{base}/{liked['id']}/reactions", json={}, headers=bearer(login))
    assert like.json() == {"like_count": 1}
    report = await client.post(
        f"{base}/{reported['id']}/reports", json={"reason": "abuse"}, headers=bearer(login)
    )
    assert report.status_code == 201, report.text

    gone = await client.request(
        "DELETE", "/api/v1/me", json={"password": PASSWORD}, headers=bearer(login)
    )
    assert gone.status_code == 204
    counts = {c["id"]: c["like_count"] for c in (await listing(client, site))["items"]}
    assert counts[liked["id"]] == 0
    (kept,) = await _rows(app, Report)
    assert kept.comment_id == reported["id"] and kept.reason == "abuse"
    assert kept.reader_key.startswith("withdrawn:")
    assert await _rows(app, Reaction) == []
