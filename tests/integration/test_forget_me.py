"""Forgetting by mailed links, followed as a reader would (docs/accounts.md): a guest's "forget
me" erases what a site keeps of an address, and an account is deleted by a link mailed to its
confirmed address. The links open pages that act only on a POST from the install's own page.

Mail goes to a real SMTP server (tests/mailbox.py).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import select

from rejoinder.platform.counters.memory import MemoryCounters
from rejoinder.platform.rate_limits import RateLimiter
from rejoinder.storage.db import session_factory
from rejoinder.storage.models import (
    Account,
    AuditEntry,
    Comment,
    NotificationRecipient,
    ReplySubscription,
)
from tests import mailbox as box
from tests.conftest import ORIGIN
from tests.helpers import listing, post
from tests.integration.signed_in import sign_in
from tests.mailbox import FORM, PUBLIC_URL, Mailbox, bearer, body_of, log_in, post_as, sign_up

mailbox, settings, site = box.mailbox, box.settings, box.site

GUEST = "aiko@example.org"
FORGET = "/api/v1/sites/news/guests/forget"
FORGET_PAGE = "/guests/forget"
DELETION_PAGE = "/account/delete"


async def _rows(app: FastAPI, model: Any, *where: Any) -> list[Any]:
    async with session_factory(app.state.engine)() as db:
        return list((await db.execute(select(model).where(*where))).scalars())


async def _forget(client: httpx.AsyncClient, email: str, expect: int = 202) -> httpx.Response:
    response = await client.post(FORGET, json={"email": email})
    assert response.status_code == expect, response.text
    return response


async def test_a_guest_forgets_their_address_by_the_mailed_link(
    app: FastAPI, client: httpx.AsyncClient, site: str, readers: Any, mailbox: Mailbox
) -> None:
    aiko, ben = readers("198.51.100.1"), readers("198.51.100.2")
    answered = await post(aiko, site, author_name="Aiko", author_email=GUEST, notify_replies=True)
    await post(aiko, site, "story-2", author_name="Aiko", author_email="Aiko@Example.org")
    reply = await post(ben, site, author_name="Ben", parent_id=answered["id"])
    other = await post(ben, site, author_name="Ben", author_email="ben@example.org")
    before = len(await mailbox.to(GUEST))  # the reply notifications' confirmation
    assert await _rows(app, NotificationRecipient) != []

    answer = await _forget(client, "AIKO@example.org")
    assert answer.json() == {"sent": True} and answer.headers["cache-control"] == "no-store"
    (message,) = (await mailbox.to(GUEST))[before:]
    assert str(message["Subject"]) == "Erase your comments on News"
    link = await mailbox.last_link(GUEST)
    assert link.startswith(f"{PUBLIC_URL}{FORGET_PAGE}?lang=en&token=")
    assert "24 hours" in body_of(message)

    for _ in range(3):  # a mail scanner opening the link: nothing is erased
        page = await client.get(link.removeprefix(PUBLIC_URL))
        assert page.status_code == 200 and 'method="post"' in page.text
        assert "Comments that will be removed: 2" in page.text
    assert len((await listing(client, site))["items"]) == 3
    key = await mailbox.last_key(GUEST)
    foreign = FORM | {"origin": ORIGIN}
    refused = await client.post(FORGET_PAGE, content=f"token={key}", headers=foreign)
    assert refused.status_code == 403
    assert len(await _rows(app, Comment, Comment.author_email == GUEST)) == 2

    done = await client.post(FORGET_PAGE, content=f"token={key}&lang=en", headers=FORM)
    assert done.status_code == 200, done.text
    assert "Comments removed: 2." in done.text
    story = {c["id"]: c for c in (await listing(client, site))["items"]}
    assert story[answered["id"]]["status"] == "deleted"  # a tombstone holds Ben's reply
    assert story[answered["id"]]["author"]["name"] is None
    assert story[reply["id"]]["body_html"] == reply["body_html"]
    assert story[other["id"]]["status"] == "published"  # another address's comment stays
    assert (await listing(client, site, "story-2"))["items"] == []
    assert await _rows(app, Comment, Comment.author_email == GUEST) == []
    assert await _rows(app, ReplySubscription) == []
    assert await _rows(app, NotificationRecipient) == []
    (entry,) = await _rows(app, AuditEntry, AuditEntry.action == "guest_email.forget")
    assert entry.after == {"comments_removed": 2, "reply_subscriptions_removed": 1}
    assert "example.org" not in str(entry.target_id) + str(entry.after)

    again = await client.post(FORGET_PAGE, content=f"token={key}&lang=en", headers=FORM)
    assert again.status_code == 422 and "not valid any more" in again.text
    assert (await client.get(link.removeprefix(PUBLIC_URL))).status_code == 422


async def test_an_unknown_address_gets_the_same_answer_and_no_mail(
    app: FastAPI, client: httpx.AsyncClient, site: str, readers: Any, mailbox: Mailbox
) -> None:
    await post(readers("198.51.100.1"), site, author_name="Aiko", author_email=GUEST)
    unknown = await _forget(client, "nobody@example.org")
    assert unknown.json() == {"sent": True}
    assert await mailbox.to("nobody@example.org") == []
    assert (await _forget(client, "not an address", expect=422)).json()["error"][
        "code"
    ] == "invalid"
    elsewhere = await client.post(
        FORGET, json={"email": GUEST}, headers={"origin": "https://elsewhere.example"}
    )
    assert elsewhere.status_code == 403
    assert await mailbox.to(GUEST) == []
    made_up = await client.get(FORGET_PAGE, params={"token": "c1-9999999999-" + "0" * 32})
    assert made_up.status_code == 422 and 'method="post"' not in made_up.text

    limits = {"forget.email": "1/3600"}
    app.state.runtime = replace(app.state.runtime, limiter=RateLimiter(MemoryCounters(), limits))
    await _forget(client, GUEST)
    limited = await _forget(client, GUEST.upper(), expect=429)
    assert int(limited.headers["retry-after"]) >= 1
    assert len(await mailbox.to(GUEST)) == 1


async def test_an_account_is_deleted_by_the_mailed_link_on_post_only(
    app: FastAPI, client: httpx.AsyncClient, site: str, readers: Any, mailbox: Mailbox
) -> None:
    email = "rosa@example.org"
    await sign_up(client, mailbox, email, "Rosa")
    login = await log_in(client, email)
    written = await post_as(client, login, body="Rosa's words.")
    await post(readers("198.51.100.3"), site, author_name="Ben", parent_id=written["id"])
    asked = await client.post("/api/v1/me/deletion", headers=bearer(login))
    assert asked.status_code == 202 and asked.json() == {"sent": True}
    message = (await mailbox.to(email))[-1]
    assert str(message["Subject"]) == "Confirm that your account should be deleted"
    link = await mailbox.last_link(email)
    assert link.startswith(f"{PUBLIC_URL}{DELETION_PAGE}?lang=en&token=rjd_")

    for _ in range(3):  # opening the link deletes nothing
        page = await client.get(link.removeprefix(PUBLIC_URL))
        assert page.status_code == 200 and 'method="post"' in page.text and "Rosa" in page.text
    assert (await client.get("/api/v1/me", headers=bearer(login))).status_code == 200
    key = await mailbox.last_key(email)
    foreign = FORM | {"origin": ORIGIN}
    assert (
        await client.post(DELETION_PAGE, content=f"token={key}", headers=foreign)
    ).status_code == 403

    done = await client.post(DELETION_PAGE, content=f"token={key}&lang=en", headers=FORM)
    assert done.status_code == 200 and "Account deleted" in done.text, done.text
    assert (await client.get("/api/v1/me", headers=bearer(login))).status_code == 401
    assert await _rows(app, Account, Account.email == email) == []
    story = {c["id"]: c for c in (await listing(client, site))["items"]}
    assert story[written["id"]]["status"] == "deleted" and story[written["id"]]["body_html"] == ""
    again = await client.post(DELETION_PAGE, content=f"token={key}&lang=en", headers=FORM)
    assert again.status_code == 422 and "not valid any more" in again.text


async def test_the_deletion_mail_needs_a_confirmed_address_and_is_asked_for_from_the_page(
    app: FastAPI, client: httpx.AsyncClient, site: str, mailbox: Mailbox
) -> None:
    nobody = await sign_in(app, "Sso Reader")  # a publisher's sign-on: no confirmed address
    refused = await client.post("/api/v1/me/deletion", headers=nobody.headers)
    assert refused.status_code == 409
    assert "no confirmed email address" in refused.json()["error"]["message"]
    assert (await client.post("/api/v1/me/deletion")).status_code == 401

    email = "kim@example.org"
    await sign_up(client, mailbox, email, "Kim")
    login = await log_in(client, email)
    cookie = {"cookie": f"rejoinder_session={login['token']}"}
    form = f"csrf_token={login['csrf_token']}&lang=de"
    asked = await client.post("/sites/news/me/deletion", content=form, headers=FORM | cookie)
    assert asked.status_code == 200 and "Wir haben einen Link" in asked.text, asked.text
    link = await mailbox.last_link(email)
    assert link.startswith(f"{PUBLIC_URL}{DELETION_PAGE}?lang=en&")  # the account's language
    no_csrf = await client.post("/sites/news/me/deletion", content="lang=en", headers=FORM | cookie)
    assert no_csrf.status_code == 403
