"""Sign-up with double opt-in over real SMTP, confirmation pages, display names.

SECURITY 16 (no claiming a confirmed address), 19-22 (mail), 26 (no redirects).
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from rejoinder.app import create_app
from rejoinder.services import mail
from tests import mailbox as box
from tests.conftest import _empty_tables
from tests.helpers import listing
from tests.mailbox import (
    FORM,
    MAIL_FROM,
    PASSWORD,
    PUBLIC_URL,
    Mailbox,
    bearer,
    body_of,
    log_in,
    mail_settings,
    post_as,
    register,
    shift_clock,
    sign_up,
)
from tests.processes import free_port

mailbox, settings, site = box.mailbox, box.settings, box.site

PAGE = {"origin": PUBLIC_URL}  # a form posted from the install's own page


async def _me(client: httpx.AsyncClient, login: dict[str, object]) -> dict[str, object]:
    response = await client.get("/api/v1/me", headers=bearer(login))
    assert response.status_code == 200, response.text
    data: dict[str, object] = response.json()
    return data


async def test_sign_up_confirm_by_mail_then_comment_as_the_account(
    client: httpx.AsyncClient, site: str, mailbox: Mailbox
) -> None:
    answer = await register(client, "Anna@Example.org", "Anna K.")
    assert "set-cookie" not in answer.headers  # signing up does not sign in
    (message,) = await mailbox.to("anna@example.org")  # the address, lower-cased
    assert message["From"] == MAIL_FROM
    assert message["Subject"] == "Confirm your email address"
    assert message.get_content_type() == "text/plain"
    link = await mailbox.last_link("anna@example.org")
    assert link.startswith(f"{PUBLIC_URL}/account/verify?token=rjm_")

    login = await log_in(client, "anna@example.org")
    assert login["account"]["display_name"] == "Anna K."
    refused = await client.post(
        "/api/v1/sites/news/stories/story-1/comments",
        json={"body": "Before confirming", "story_url": "https://news.example/politics/story-1"},
        headers=bearer(login),
    )
    assert refused.status_code == 403, refused.text  # an unconfirmed account cannot comment

    page = await client.get(link.removeprefix(PUBLIC_URL))
    assert page.status_code == 200
    key = await mailbox.last_key("anna@example.org")
    assert 'method="post"' in page.text and key in page.text
    assert (await _me(client, login))["email_verified"] is False  # opening the link did nothing

    done = await client.post("/account/verify", content=f"token={key}", headers=FORM)
    assert done.status_code == 200, done.text
    assert "Address confirmed" in done.text
    assert (await _me(client, login))["email_verified"] is True

    written = await post_as(client, login, site)
    assert written["author"]["name"] == "Anna K."
    assert written["status"] == "published"
    assert [c["author"]["name"] for c in (await listing(client, site))["items"]] == ["Anna K."]


async def test_a_key_works_once_and_expires(
    app: FastAPI, client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    await register(client, "ben@example.org", "Ben")
    key = await mailbox.last_key("ben@example.org")
    shift_clock(app, timedelta(hours=49))
    late = await client.post("/api/v1/auth/verify", json={"token": key})
    assert late.status_code == 422
    assert "expired" in late.json()["error"]["message"]

    shift_clock(app, timedelta(0))
    assert (await client.post("/api/v1/auth/verify", json={"token": key})).status_code == 200
    again = await client.post("/api/v1/auth/verify", json={"token": key})
    assert again.status_code == 422
    forged = await client.post("/api/v1/auth/verify", json={"token": key[:-2] + "xx"})
    assert forged.status_code == 422


async def test_mail_links_come_from_public_url_not_request_headers(
    client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    spoofed = {"host": "evil.example", "x-forwarded-host": "evil.example",
               "x-forwarded-proto": "http", "forwarded": "host=evil.example"}  # fmt: skip
    payload = {"email": "cara@example.org", "password": PASSWORD, "display_name": "Cara"}
    response = await client.post("/api/v1/auth/register", json=payload, headers=spoofed)
    assert response.status_code == 202
    (message,) = await mailbox.to("cara@example.org")
    assert "evil.example" not in body_of(message)
    assert (await mailbox.last_link("cara@example.org")).startswith(f"{PUBLIC_URL}/account/")


async def test_confirmation_pages_act_only_on_a_post_from_the_install(
    client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    await register(client, "dan@example.org", "Dan")
    key = await mailbox.last_key("dan@example.org")
    for _ in range(3):  # a mail scanner opening the link, again and again
        assert (await client.get("/account/verify", params={"token": key})).status_code == 200
    for origin in ("https://evil.example", "null", ""):  # another site; a sandbox; none
        foreign = await client.post(
            "/account/verify", content=f"token={key}", headers=FORM | {"origin": origin}
        )
        assert foreign.status_code == 403
    login = await log_in(client, "dan@example.org")
    assert (await _me(client, login))["email_verified"] is False
    done = await client.post("/account/verify", content=f"token={key}", headers=FORM)
    assert done.status_code == 200
    assert (await _me(client, login))["email_verified"] is True


async def test_pages_never_redirect_anywhere(client: httpx.AsyncClient) -> None:
    """There is no `next` parameter to abuse (SECURITY 26)."""
    for path in ("/account/verify", "/account/reset"):
        params = {"token": "rjm_x", "next": "https://evil.example/", "redirect": "//evil.example"}
        shown = await client.get(path, params=params)
        assert shown.status_code == 200
        assert "location" not in shown.headers and "evil.example" not in shown.text
        acted = await client.post(
            f"{path}?next=https://evil.example/", content="token=rjm_x&password=x", headers=FORM
        )
        assert acted.status_code == 422
        assert "location" not in acted.headers and "evil.example" not in acted.text


async def test_signing_up_with_a_confirmed_address_claims_nothing(
    client: httpx.AsyncClient, site: str, mailbox: Mailbox
) -> None:
    """The same answer as a new sign-up; the owner is told; nothing changes (SECURITY 16)."""
    await sign_up(client, mailbox, "eve@example.org", "Eve")
    fresh = await register(client, "someone@example.org", "Someone")
    claim = await register(client, "EVE@example.org", "Mallory", "mallory's password")
    assert claim.json() == fresh.json()
    notice = (await mailbox.to("eve@example.org"))[-1]
    assert notice["Subject"] == "Someone tried to sign up with your address"
    assert "token=" not in body_of(notice)
    await log_in(client, "eve@example.org", "mallory's password", expect=401)
    login = await log_in(client, "eve@example.org")
    assert login["account"]["display_name"] == "Eve"
    written = await post_as(client, login, site)
    assert written["author"]["name"] == "Eve"


async def test_a_new_sign_up_replaces_an_unconfirmed_one(
    client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    """Whoever reads the mail decides; an earlier sign-up's sessions and keys end."""
    await register(client, "fay@example.org", "Squatter", "squatter's password")
    squatter_key = await mailbox.last_key("fay@example.org")
    squatter = await log_in(client, "fay@example.org", "squatter's password")
    await register(client, "fay@example.org", "Fay")
    assert (await client.get("/api/v1/me", headers=bearer(squatter))).status_code == 401
    stale = await client.post("/api/v1/auth/verify", json={"token": squatter_key})
    assert stale.status_code == 422
    key = await mailbox.last_key("fay@example.org")
    assert (await client.post("/api/v1/auth/verify", json={"token": key})).status_code == 200
    await log_in(client, "fay@example.org", "squatter's password", expect=401)
    assert (await log_in(client, "fay@example.org"))["account"]["display_name"] == "Fay"


async def test_a_new_confirmation_link_on_request(
    client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    await register(client, "gil@example.org", "Gil")
    for email in ("gil@example.org", "nobody@example.org"):
        response = await client.post("/api/v1/auth/verify/resend", json={"email": email})
        assert response.status_code == 202
    assert len(await mailbox.to("gil@example.org")) == 2
    assert await mailbox.to("nobody@example.org") == []
    key = await mailbox.last_key("gil@example.org")
    assert (await client.post("/api/v1/auth/verify", json={"token": key})).status_code == 200
    await client.post("/api/v1/auth/verify/resend", json={"email": "gil@example.org"})
    assert len(await mailbox.to("gil@example.org")) == 2  # confirmed: no more links


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("Al", "3 to 40"),
        ("x" * 41, "3 to 40"),
        (" Anna", "start or end"),
        ("Anna ", "start or end"),
        ("An  na", "two in a row"),
        ("Anna<script>", "letters, digits"),
        ("Anna\u202e", "letters, digits"),
        ("___", "letter or digit"),
        ("admin", "reserved"),
        ("Moderator", "reserved"),
        ("Deleted Account", "reserved"),
        ("deleted_account", "reserved"),
        ("Admin Team", "reserved"),
    ],
)
async def test_display_name_rules(client: httpx.AsyncClient, name: str, why: str) -> None:
    response = await register(client, "hal@example.org", name, expect=422)
    assert why in response.json()["error"]["message"]


async def test_names_are_unique_without_regard_to_case(
    client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    await sign_up(client, mailbox, "ida@example.org", "Zoë Müller-Lüdenscheidt")
    taken = await register(client, "joe@example.org", "zoë müller-lüdenscheidt", expect=409)
    assert "taken" in taken.json()["error"]["message"]
    await sign_up(client, mailbox, "kim@example.org", "Kim_2.0")
    await register(client, "lea@example.org", "KIM_2.0", expect=409)
    assert await mailbox.to("joe@example.org") == []


async def test_a_name_is_held_once_the_address_is_confirmed(
    client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    """Until then it holds against nobody (test_enumeration.py says why): the later sign-up
    takes it, the earlier one confirms under a neutral name and chooses another."""
    await register(client, "ned@example.org", "Ned Flanders")
    await sign_up(client, mailbox, "ted@example.org", "ned flanders")
    await client.post(
        "/api/v1/auth/verify", json={"token": await mailbox.last_key("ned@example.org")}
    )
    ned = await _me(client, await log_in(client, "ned@example.org"))
    assert ned["email_verified"] is True
    assert str(ned["display_name"]).startswith("Reader (")
    assert (await log_in(client, "ted@example.org"))["account"]["display_name"] == "ned flanders"


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("short", "10 to 200"),
        ("p" * 201, "10 to 200"),
        (" " * 12, "only spaces"),
        ("mia@example.org", "email address"),
        ("Mia Example", "display name"),
    ],
)
async def test_password_rules(client: httpx.AsyncClient, password: str, why: str) -> None:
    response = await register(client, "mia@example.org", "Mia Example", password, expect=422)
    assert why in response.json()["error"]["message"]


@pytest.mark.parametrize(
    "email",
    [
        "ned@example.org\r\nBcc: victim@example.net",
        "ned@example.org\nSubject: hi",
        "ned@example.org, victim@example.net",
        "Ned <ned@example.org>",
        "ned@localhost",
        "ned@@example.org",
    ],
)
async def test_addresses_that_could_smuggle_headers_are_refused(
    client: httpx.AsyncClient, mailbox: Mailbox, email: str
) -> None:
    """SECURITY 21: an address is never more than one plain address."""
    response = await register(client, email, "Ned", expect=422)
    assert "valid email" in response.json()["error"]["message"]
    assert await mailbox.all() == []


async def test_change_of_name_then_a_cool_down(
    app: FastAPI, client: httpx.AsyncClient, site: str, mailbox: Mailbox
) -> None:
    await sign_up(client, mailbox, "oli@example.org", "Oli")
    await sign_up(client, mailbox, "pat@example.org", "Pat")
    login = await log_in(client, "oli@example.org")
    await post_as(client, login, site)
    await listing(client, site)  # the page is cached under the story's version

    taken = await client.patch("/api/v1/me", json={"display_name": "PAT"}, headers=bearer(login))
    assert taken.status_code == 409
    first = await client.patch("/api/v1/me", json={"display_name": "Oliver"}, headers=bearer(login))
    assert first.status_code == 200, first.text  # the first change is free
    assert first.json()["display_name"] == "Oliver"
    assert [c["author"]["name"] for c in (await listing(client, site))["items"]] == ["Oliver"]

    again = await client.patch("/api/v1/me", json={"display_name": "Olli"}, headers=bearer(login))
    assert again.status_code == 403
    assert "again after" in again.json()["error"]["message"]
    assert (await _me(client, login))["display_name"] == "Oliver"
    bad = await client.patch("/api/v1/me", json={"display_name": "admin"}, headers=bearer(login))
    assert bad.status_code == 422

    shift_clock(app, timedelta(days=31))
    assert (await client.get("/api/v1/me", headers=bearer(login))).status_code == 401  # expired
    login = await log_in(client, "oli@example.org")
    later = await client.patch("/api/v1/me", json={"display_name": "Olli"}, headers=bearer(login))
    assert later.status_code == 200
    # The old name is free again: nobody taking it inherits the comments.
    await register(client, "quin@example.org", "Oliver")


async def test_a_mail_server_outage_does_not_lose_the_sign_up(
    database_url: str, tmp_path: Path, mailbox: Mailbox, caplog: pytest.LogCaptureFixture
) -> None:
    """The mail goes from a durable job: the sign-up stands, the failed send is logged without the
    address or the key and retried with backoff, and the retry delivers once mail works again
    (exactly one mail)."""
    retry_soon = {"job_retry_base_seconds": 1.0}
    down = create_app(mail_settings(database_url, tmp_path, port=free_port(), **retry_soon))
    up: FastAPI | None = None
    try:
        async with _client(down) as http:
            await register(http, "rae@example.org", "Rae")
            await mail.drain()
            await mail.drain()  # not due yet: the retry waits for its backoff
            login = await log_in(http, "rae@example.org")
            assert (await _me(http, login))["email_verified"] is False
        failures = [r for r in caplog.records if "(mail.account) failed" in r.message]
        assert len(failures) == 1 and "SMTPConnectError" in failures[0].message
        assert "rae@" not in caplog.text and "rjm_" not in caplog.text
        down.state.worker.close()  # mail works again: another app's worker retries
        up = create_app(mail_settings(database_url, tmp_path, port=mailbox.port, **retry_soon))

        await asyncio.sleep(1.3)  # the backoff of the first retry (1 s, ±20 %)
        await mail.drain()
        assert len(await mailbox.to("rae@example.org")) == 1
        async with _client(up) as http:
            key = await mailbox.last_key("rae@example.org")
            assert (await http.post("/api/v1/auth/verify", json={"token": key})).status_code == 200
        assert len(await mailbox.to("rae@example.org")) == 1  # once, not again

    finally:
        await _empty_tables(down.state.engine)
        for app in (down, up):
            if app is not None:
                await app.state.shutdown()


def _client(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")
