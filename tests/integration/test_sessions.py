"""Sessions: cookie flags, CSRF, logout, login backoff, constant time, password reset (SECURITY 8,
18, 19, 22)."""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from sqlalchemy import select

from rejoinder.app import create_app
from rejoinder.platform.counters.memory import MemoryCounters
from rejoinder.platform.rate_limits import RateLimiter
from rejoinder.storage.db import session_factory
from rejoinder.storage.models import Account
from tests import mailbox as box
from tests.conftest import _empty_tables
from tests.mailbox import (
    FORM,
    PASSWORD,
    PUBLIC_URL,
    Mailbox,
    bearer,
    body_of,
    cookie,
    log_in,
    mail_settings,
    post_as,
    register,
    shift_clock,
    sign_up,
)

mailbox, settings, site = box.mailbox, box.settings, box.site

NEW_PASSWORD = "a much better passphrase"


def _cookie_attributes(response: httpx.Response) -> dict[str, str]:
    header = response.headers["set-cookie"]
    parts = [part.strip() for part in header.split(";")]
    return {name.lower(): value for name, _, value in (p.partition("=") for p in parts[1:])}


async def test_login_sets_an_httponly_samesite_secure_cookie(
    client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    await sign_up(client, mailbox, "ann@example.org", "Ann")
    response = await client.post(
        "/api/v1/auth/login", json={"email": "ann@example.org", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert response.headers["set-cookie"].startswith(
        f"rejoinder_session={response.json()['token']}"
    )
    flags = _cookie_attributes(response)
    assert {"httponly", "secure"} <= set(flags)  # public_url is https
    assert flags["samesite"].lower() == "lax"
    assert flags["path"] == "/"
    assert flags["max-age"] == str(30 * 86400)
    assert response.headers["cache-control"] == "no-store"
    assert set(response.json()) == {"account", "token", "csrf_token", "expires_in"}


async def test_cookie_is_not_marked_secure_when_served_over_http(
    database_url: str, tmp_path: Path, mailbox: Mailbox
) -> None:
    plain = create_app(
        mail_settings(database_url, tmp_path, mailbox.port, public_url="http://x.test")
    )
    try:
        transport = httpx.ASGITransport(app=plain)
        async with httpx.AsyncClient(transport=transport, base_url="http://x.test") as http:
            await sign_up(http, mailbox, "bob@example.org", "Bob")
            response = await http.post(
                "/api/v1/auth/login", json={"email": "bob@example.org", "password": PASSWORD}
            )
        flags = _cookie_attributes(response)
        assert "httponly" in flags and "secure" not in flags
    finally:
        await _empty_tables(plain.state.engine)
        await plain.state.shutdown()


async def test_cookie_writes_need_the_csrf_token_and_bearer_writes_do_not(
    client: httpx.AsyncClient, site: str, mailbox: Mailbox
) -> None:
    await sign_up(client, mailbox, "cy@example.org", "Cyd")
    login = await log_in(client, "cy@example.org")
    rename = {"display_name": "Cyrus"}

    refused = await client.patch("/api/v1/me", json=rename, headers=cookie(login))
    assert refused.status_code == 403
    assert "X-CSRF-Token" in refused.json()["error"]["message"]
    wrong = cookie(login) | {"x-csrf-token": "x" * len(login["csrf_token"])}
    assert (await client.patch("/api/v1/me", json=rename, headers=wrong)).status_code == 403
    other = await log_in(client, "cy@example.org")  # the token of another session
    crossed = cookie(login) | {"x-csrf-token": other["csrf_token"]}
    assert (await client.patch("/api/v1/me", json=rename, headers=crossed)).status_code == 403
    comment = {"body": "Via cookie", "story_url": "https://news.example/politics/story-1"}
    url = "/api/v1/sites/news/stories/story-1/comments"
    assert (await client.post(url, json=comment, headers=cookie(login))).status_code == 403

    # Reads need no token, and give it back to the install's own page after a reload.
    me = await client.get("/api/v1/me", headers=cookie(login))
    assert me.status_code == 200 and me.json()["csrf_token"] == login["csrf_token"]
    assert (
        await client.post(url, json=comment, headers=cookie(login, csrf=True))
    ).status_code == 201
    accepted = await client.patch("/api/v1/me", json=rename, headers=cookie(login, csrf=True))
    assert accepted.status_code == 200

    # A bearer token cannot be sent by another site's page: it needs no CSRF token.
    await post_as(client, other, site)
    me_bearer = await client.get("/api/v1/me", headers=bearer(other))
    assert me_bearer.json()["csrf_token"] is None


@pytest.mark.parametrize(
    ("path", "content_type", "content"),
    [
        ("/api/v1/auth/login", "text/plain", '{"email": "x@example.org", "password": "p"}'),
        ("/api/v1/auth/register", "application/x-www-form-urlencoded", "email=x@example.org"),
        ("/api/v1/auth/password-reset", "multipart/form-data; boundary=x", "--x--"),
        ("/api/v1/auth/verify", None, '{"token": "x"}'),
    ],
)
async def test_account_writes_must_be_json(
    client: httpx.AsyncClient, path: str, content_type: str | None, content: str
) -> None:
    headers = {"content-type": content_type} if content_type else {}
    response = await client.post(path, content=content.encode(), headers=headers)
    assert response.status_code == 415, response.text


async def test_cookie_and_bearer_writes_to_me_must_be_json(
    client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    await sign_up(client, mailbox, "dee@example.org", "Dee")
    login = await log_in(client, "dee@example.org")
    for headers in (bearer(login), cookie(login, csrf=True)):
        plain = headers | {"content-type": "text/plain"}
        response = await client.patch("/api/v1/me", content='{"display_name": "D2"}', headers=plain)
        assert response.status_code == 415


async def test_logout_ends_the_session_on_the_server(
    client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    await sign_up(client, mailbox, "eli@example.org", "Eli")
    phone, laptop = await log_in(client, "eli@example.org"), await log_in(client, "eli@example.org")

    out = await client.post("/api/v1/auth/logout", headers=bearer(phone))
    assert out.status_code == 204
    assert out.headers["set-cookie"].startswith('rejoinder_session="";')
    assert (await client.get("/api/v1/me", headers=bearer(phone))).status_code == 401
    assert (await client.get("/api/v1/me", headers=bearer(laptop))).status_code == 200

    assert (await client.post("/api/v1/auth/logout", headers=cookie(laptop))).status_code == 403
    done = await client.post("/api/v1/auth/logout", headers=cookie(laptop, csrf=True))
    assert done.status_code == 204
    assert (await client.get("/api/v1/me", headers=cookie(laptop))).status_code == 401
    assert (await client.get("/api/v1/me", headers=bearer(laptop))).status_code == 401


async def test_sessions_expire_on_the_server(
    app: FastAPI, client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    await sign_up(client, mailbox, "fin@example.org", "Fin")
    login = await log_in(client, "fin@example.org")
    shift_clock(app, timedelta(days=30, minutes=1))
    assert (await client.get("/api/v1/me", headers=bearer(login))).status_code == 401


async def test_login_backoff_per_address_spares_other_accounts(
    app: FastAPI, client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    await sign_up(client, mailbox, "gus@example.org", "Gus")
    await sign_up(client, mailbox, "hana@example.org", "Hana")
    # The real limits: 10 attempts per address in 15 minutes, 20 per IP in 5 minutes.
    app.state.runtime = replace(app.state.runtime, limiter=RateLimiter(MemoryCounters()))
    for _ in range(10):
        await log_in(client, "gus@example.org", "not the password", expect=401)
    blocked = await client.post(
        "/api/v1/auth/login", json={"email": "gus@example.org", "password": PASSWORD}
    )
    assert blocked.status_code == 429  # even the right password waits
    assert int(blocked.headers["retry-after"]) > 0
    await log_in(client, "GUS@example.org", expect=429)  # the same address in other case
    assert (await log_in(client, "hana@example.org"))["account"]["display_name"] == "Hana"


async def test_login_backoff_ends_with_its_window(
    app: FastAPI, client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    """Nobody is locked out for longer than the window, however many attempts were made."""
    await sign_up(client, mailbox, "ivy@example.org", "Ivy")
    # A window long enough for four argon2 checks on a loaded machine (each may take 0.35 s).
    limiter = RateLimiter(MemoryCounters(), {"login.email": "3/3"})
    app.state.runtime = replace(app.state.runtime, limiter=limiter)
    for _ in range(3):
        await log_in(client, "ivy@example.org", "not the password", expect=401)
    await log_in(client, "ivy@example.org", expect=429)
    await asyncio.sleep(3.1)
    await log_in(client, "ivy@example.org")


async def _login_seconds(client: httpx.AsyncClient, email: str) -> float:
    fastest = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        await log_in(client, email, "not the password", expect=401)
        fastest = min(fastest, time.perf_counter() - started)
    return fastest


async def test_unknown_addresses_take_as_long_as_wrong_passwords(
    client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    """One argon2 check either way: timing does not tell who has an account (SECURITY 18)."""
    await sign_up(client, mailbox, "jo@example.org", "Joan")
    known = await _login_seconds(client, "jo@example.org")
    unknown = await _login_seconds(client, "nobody@example.org")
    assert unknown > 0.4 * known
    wrong = await client.post(
        "/api/v1/auth/login", json={"email": "jo@example.org", "password": "not the password"}
    )
    missing = await client.post(
        "/api/v1/auth/login", json={"email": "nobody@example.org", "password": "x"}
    )
    assert wrong.json() == missing.json() and wrong.status_code == missing.status_code == 401


async def test_weaker_hashes_are_upgraded_at_login(
    app: FastAPI, client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    await sign_up(client, mailbox, "kai@example.org", "Kai")
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    async with session_factory(app.state.engine)() as session:
        account = (await session.execute(select(Account))).scalar_one()
        account.password_hash = weak
        await session.commit()
    await log_in(client, "kai@example.org")
    async with session_factory(app.state.engine)() as session:
        stored = (await session.execute(select(Account.password_hash))).scalar_one()
    assert stored is not None and stored != weak
    assert stored.startswith("$argon2id$") and "m=65536,t=3" in stored
    await log_in(client, "kai@example.org")


async def test_password_reset_by_mail_ends_every_session(
    client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    await sign_up(client, mailbox, "lou@example.org", "Lou")
    sessions = [await log_in(client, "lou@example.org") for _ in range(2)]
    asked = await client.post("/api/v1/auth/password-reset", json={"email": "Lou@Example.org"})
    assert asked.status_code == 202
    message = (await mailbox.to("lou@example.org"))[-1]
    assert message["Subject"] == "Reset your password"
    link = await mailbox.last_link("lou@example.org")
    assert link.startswith(f"{PUBLIC_URL}/account/reset?token=rjm_")
    key = await mailbox.last_key("lou@example.org")

    page = await client.get(link.removeprefix(PUBLIC_URL))
    assert page.status_code == 200 and 'type="password"' in page.text
    await log_in(client, "lou@example.org")  # opening the link changed nothing

    mismatch = f"token={key}&password={NEW_PASSWORD}&password_again=something+else"
    refused = await client.post("/account/reset", content=mismatch, headers=FORM)
    assert refused.status_code == 422 and "not the same" in refused.text
    form = f"token={key}&password={NEW_PASSWORD}&password_again={NEW_PASSWORD}"
    done = await client.post("/account/reset", content=form, headers=FORM)
    assert done.status_code == 200, done.text
    assert "Password changed" in done.text

    for old in sessions:
        assert (await client.get("/api/v1/me", headers=bearer(old))).status_code == 401
    await log_in(client, "lou@example.org", PASSWORD, expect=401)
    await log_in(client, "lou@example.org", NEW_PASSWORD)
    reused = await client.post(
        "/api/v1/auth/password-reset/confirm", json={"token": key, "password": "yet another one"}
    )
    assert reused.status_code == 422


async def test_password_reset_through_the_api_and_its_key_expires(
    app: FastAPI, client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    await sign_up(client, mailbox, "max@example.org", "Max")
    await client.post("/api/v1/auth/password-reset", json={"email": "max@example.org"})
    key = await mailbox.last_key("max@example.org")
    short = await client.post(
        "/api/v1/auth/password-reset/confirm", json={"token": key, "password": "short"}
    )
    assert short.status_code == 422  # the rules apply, and the key stays usable
    shift_clock(app, timedelta(hours=1, minutes=1))
    late = await client.post(
        "/api/v1/auth/password-reset/confirm", json={"token": key, "password": NEW_PASSWORD}
    )
    assert late.status_code == 422
    shift_clock(app, timedelta(0))
    done = await client.post(
        "/api/v1/auth/password-reset/confirm", json={"token": key, "password": NEW_PASSWORD}
    )
    assert done.status_code == 200
    await log_in(client, "max@example.org", NEW_PASSWORD)


async def test_reset_for_unknown_or_unconfirmed_addresses_sends_no_mail(
    client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    """Always 202 (no enumeration); mail only to confirmed addresses (SECURITY 19)."""
    await register(client, "ned@example.org", "Ned")  # not confirmed
    answers = [
        await client.post("/api/v1/auth/password-reset", json={"email": email})
        for email in ("nobody@example.org", "ned@example.org")
    ]
    assert [a.status_code for a in answers] == [202, 202]
    assert answers[0].json() == answers[1].json()
    assert await mailbox.to("nobody@example.org") == []
    subjects = [m["Subject"] for m in await mailbox.to("ned@example.org")]
    assert subjects == ["Confirm your email address"]


async def test_mail_to_one_address_is_capped(
    app: FastAPI, client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    """Nobody can flood an inbox through reset requests; the answer stays 202."""
    await sign_up(client, mailbox, "ola@example.org", "Ola")
    app.state.runtime = replace(app.state.runtime, limiter=RateLimiter(MemoryCounters()))
    for _ in range(5):
        response = await client.post(
            "/api/v1/auth/password-reset", json={"email": "ola@example.org"}
        )
        assert response.status_code == 202
    resets = [m for m in await mailbox.to("ola@example.org") if "Reset" in m["Subject"]]
    assert len(resets) == 3
    assert all("token=rjm_" in body_of(m) for m in resets)
