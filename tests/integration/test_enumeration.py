"""Nothing tells a stranger which addresses have accounts (SECURITY 16): not the answer, not its
timing, not the rows a request leaves behind, not what happens to a display name.

Password-reset and confirmation-link requests answer before anything is looked up: the lookup,
the key and the mail happen in durable jobs after the answer, the same way for every address.
"""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from rejoinder.services import accounts, mail
from rejoinder.storage.db import session_factory
from rejoinder.storage.models import EmailToken, Job
from tests import mailbox as box
from tests.conftest import QueryCounter
from tests.mailbox import Mailbox, bearer, body_of, log_in, register, sign_up

mailbox, settings, site = box.mailbox, box.settings, box.site

RESET_KEY = re.compile(r"/account/reset\?token=([A-Za-z0-9_\-]+)")
MAIL_REQUESTS = ["/api/v1/auth/password-reset", "/api/v1/auth/verify/resend"]


def _answer(response: httpx.Response) -> tuple[int, str, list[tuple[str, str]]]:
    """Status, body and headers, but the request id: it is new on every answer."""
    headers = sorted((k, v) for k, v in response.headers.items() if k != "x-request-id")
    return response.status_code, response.text, headers


@pytest.mark.parametrize("path", MAIL_REQUESTS)
async def test_mail_requests_answer_before_looking_anything_up(
    client: httpx.AsyncClient,
    mailbox: Mailbox,
    queries: QueryCounter,
    path: str,
) -> None:
    """Confirmed, unconfirmed and unknown addresses take the same path while the reader waits:
    the same statements (one job queued, nothing read), the same answer."""
    await sign_up(client, mailbox, "ada@example.org", "Ada")
    await register(client, "bo@example.org", "Bob")
    before = {
        address: len(await mailbox.to(address)) for address in ("ada@example.org", "bo@example.org")
    }
    answers, statements = [], []
    for email in ("ada@example.org", "nobody@example.org", "bo@example.org"):
        queries.reset()
        answers.append(_answer(await client.post(path, json={"email": email})))
        statements.append(queries.statements[:])
        assert not any(
            "accounts" in sql or sql.lstrip().startswith("SELECT") for sql in statements[-1]
        )
    assert answers[0][0] == 202 and answers.count(answers[0]) == 3
    assert statements[0] == statements[1] == statements[2]
    assert sum("INSERT INTO jobs" in sql for sql in statements[0]) == 1

    await mail.drain()  # the jobs: lookup, key and mail
    sent = {address: len(await mailbox.to(address)) - n for address, n in before.items()}
    assert await mailbox.to("nobody@example.org") == []
    if path.endswith("password-reset"):
        assert sent == {"ada@example.org": 1, "bo@example.org": 0}  # confirmed addresses only
    else:
        assert sent == {"ada@example.org": 0, "bo@example.org": 1}  # unconfirmed sign-ups only


async def _keys(app: FastAPI, purpose: str) -> list[EmailToken]:
    async with session_factory(app.state.engine)() as session:
        query = select(EmailToken).where(EmailToken.purpose == purpose)
        return list((await session.execute(query)).scalars())


async def test_many_reset_requests_leave_one_key(
    app: FastAPI, client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    """A new link replaces the last one: the table does not grow with the requests."""
    await sign_up(client, mailbox, "cy@example.org", "Cyd")
    for _ in range(50):
        response = await client.post(
            "/api/v1/auth/password-reset", json={"email": "cy@example.org"}
        )
        assert response.status_code == 202
    await mail.drain()
    assert len(await _keys(app, "reset")) <= 1
    # Mails may arrive in any order; of all the links sent, the one key still kept works.
    resets = [
        m for m in await mailbox.to("cy@example.org") if m["Subject"] == "Reset your password"
    ]
    worked = 0
    for message in resets:
        found = RESET_KEY.search(body_of(message))
        assert found is not None
        confirm = await client.post(
            "/api/v1/auth/password-reset/confirm",
            json={"token": found.group(1), "password": "a much better passphrase"},
        )
        worked += confirm.status_code == 200
    assert worked == 1


async def test_resent_confirmation_links_replace_the_last_one(
    app: FastAPI, client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    await register(client, "dee@example.org", "Dee")
    for _ in range(20):
        await client.post("/api/v1/auth/verify/resend", json={"email": "dee@example.org"})
    await mail.drain()
    assert len(await _keys(app, "verify")) <= 1


async def _rename(client: httpx.AsyncClient, login: dict[str, Any], name: str) -> tuple[int, str]:
    response = await client.patch("/api/v1/me", json={"display_name": name}, headers=bearer(login))
    message = response.json().get("error", {}).get("message", "").replace(name, "<name>")
    return response.status_code, message


async def test_a_sign_up_holds_its_name_the_same_way_whatever_the_address(
    client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    """Signing up with an address and then asking for the name it chose must not tell whether
    that address already had an account: a name chosen by a sign-up that is not confirmed yet
    holds against nobody (it shows nowhere)."""
    await sign_up(client, mailbox, "eve@example.org", "Eve")  # someone's confirmed account
    probers = []
    for n in range(3):
        await sign_up(client, mailbox, f"mal{n}@example.org", f"Mallory {n}")
        probers.append(await log_in(client, f"mal{n}@example.org"))
    await register(client, "eve@example.org", "Probe One")  # her address: nothing is created
    await register(client, "new@example.org", "Probe Two")  # nobody's address: a sign-up

    # A free first change of name, by two readers:
    assert await _rename(client, probers[0], "Probe One") == (200, "")
    assert await _rename(client, probers[1], "Probe Two") == (200, "")
    # A reader in their cool-down gets the same refusal for both kinds of name:
    assert (await _rename(client, probers[2], "Mallory Two"))[0] == 200
    await register(client, "eve@example.org", "Probe Three")
    await register(client, "new2@example.org", "Probe Four")
    three = await _rename(client, probers[2], "Probe Three")
    four = await _rename(client, probers[2], "Probe Four")
    assert three == four and three[0] == 403
    # Another sign-up asking for the names: the same answer too.
    for n, name in enumerate(("Probe Three", "Probe Four")):
        await register(client, f"x{n}@example.org", name, expect=202)

    # The sign-up that lost its name can still confirm, and then chooses a name.
    key = await mailbox.last_key("new@example.org")
    assert (await client.post("/api/v1/auth/verify", json={"token": key})).status_code == 200
    login = await log_in(client, "new@example.org")
    me = (await client.get("/api/v1/me", headers=bearer(login))).json()
    assert me["display_name"] != "Probe Two" and me["display_name"].startswith("Reader (")
    assert await _rename(client, login, "Newcomer") == (200, "")


async def test_a_failure_after_the_answer_is_logged_without_the_address(
    app: FastAPI,
    client: httpx.AsyncClient,
    mailbox: Mailbox,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The reader has their 202 already; the failure is not lost (its job waits for a retry), and
    its message (which may hold the address) is not logged."""

    async def broken(_session: object, _rt: object, address: str) -> None:
        raise RuntimeError(f"the database went away looking up {address}")

    monkeypatch.setattr(accounts, "request_reset", broken)
    answer = await client.post("/api/v1/auth/password-reset", json={"email": "zed@example.org"})
    assert answer.status_code == 202
    await mail.drain()
    failures = [r for r in caplog.records if "(account.reset_requested) failed" in r.getMessage()]
    assert [r.levelname for r in failures] == ["WARNING"]
    assert "RuntimeError" in failures[0].getMessage()
    assert "zed@" not in caplog.text
    async with session_factory(app.state.engine)() as session:
        query = select(Job).where(Job.kind == "account.reset_requested")
        job = (await session.execute(query)).scalar_one()
    assert (job.status, job.attempts) == ("queued", 1)
    assert str(job.last_error).startswith("RuntimeError at ")
    assert "zed@" not in str(job.last_error)
