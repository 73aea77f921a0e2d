"""A real SMTP server for tests (aiosmtpd, in-process on a free port) and settings that mail to it.

A test module that sends mail takes both fixtures; its `settings` then override conftest's, so the
usual `app`, `client`, `site` and `readers` fixtures mail to the box:

    from tests import mailbox as box
    mailbox, settings, site = box.mailbox, box.settings, box.site
"""

from __future__ import annotations

import gc
import re
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from fastapi import FastAPI

from rejoinder.config import Settings
from rejoinder.domain.rate_limits import DEFAULT_LIMITS
from rejoinder.services import mail
from tests.conftest import RELAXED, make_site
from tests.helpers import post
from tests.processes import free_port

PUBLIC_URL = "https://comments.example"
# A form posted from the install's own page (the confirmation pages accept nothing else).
FORM = {"origin": PUBLIC_URL, "content-type": "application/x-www-form-urlencoded"}
MAIL_FROM = "Comments <no-reply@comments.example>"
# Tests act faster than any reader; the limits themselves are tested with their real values.
GENEROUS_LIMITS = {name: "100000/60" for name in DEFAULT_LIMITS}
_LINK = re.compile(r"https?://\S+?token=\S+")  # the action link in a mail
_KEY = re.compile(r"[?&]token=([A-Za-z0-9_\-]+)")


def body_of(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None
    content: str = part.get_content()
    return content


class Mailbox:
    """Collects what the SMTP server accepted: envelope recipients and parsed messages."""

    def __init__(self) -> None:
        self.port = free_port()
        self.received: list[tuple[list[str], EmailMessage]] = []

    async def handle_DATA(self, _server: SMTP, _session: Session, envelope: Envelope) -> str:
        parsed = message_from_bytes(envelope.original_content or b"", policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.received.append((list(envelope.rcpt_tos), parsed))
        return "250 Message accepted"

    async def all(self) -> list[EmailMessage]:
        """Every message so far, once the app has finished sending."""
        await mail.drain()
        return [message for _, message in self.received]

    async def to(self, address: str) -> list[EmailMessage]:
        await mail.drain()
        return [message for rcpt, message in self.received if address in rcpt]

    async def last_link(self, address: str) -> str:
        """The action link in the newest mail to `address`."""
        messages = await self.to(address)
        assert messages, f"no mail to {address}"
        found = _LINK.search(body_of(messages[-1]))
        assert found, body_of(messages[-1])
        return found.group(0)

    async def last_key(self, address: str) -> str:
        """The key in the link of the newest mail to `address`."""
        found = _KEY.search(await self.last_link(address))
        assert found
        return found.group(1)


@pytest.fixture
async def mailbox() -> AsyncIterator[Mailbox]:
    # mail.drain runs every job worker of the process: apps an earlier test made and dropped
    # without shutting down must be gone first, or their workers run against their databases.
    gc.collect()
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=box.port)
    controller.start()
    yield box
    await mail.drain()
    controller.stop()


def mail_settings(database_url: str, tmp_path: Path, port: int, **extra: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": database_url,
        "data_dir": tmp_path,
        "secret_key": "test-secret-key",
        "public_url": PUBLIC_URL,
        "smtp_host": "127.0.0.1",
        "smtp_port": port,
        "smtp_starttls": False,
        "mail_from": MAIL_FROM,
        "rate_limits": GENEROUS_LIMITS,
    }
    return Settings(**(values | extra))


@pytest.fixture
def settings(database_url: str, tmp_path: Path, mailbox: Mailbox) -> Settings:
    return mail_settings(database_url, tmp_path, mailbox.port)


# --- readers who sign up through the API -------------------------------------------------------

PASSWORD = "correct horse battery"
# Accounts made in a test are seconds old: the site does not hold new accounts' comments.
ACCOUNT_SITE: dict[str, Any] = {"moderation": {**RELAXED["moderation"], "new_account_seconds": 0}}


@pytest.fixture
async def site(app: FastAPI) -> str:
    await make_site(app, "news", **ACCOUNT_SITE)
    return "news"


async def register(
    client: httpx.AsyncClient, email: str, name: str, password: str = PASSWORD, expect: int = 202
) -> httpx.Response:
    payload = {"email": email, "password": password, "display_name": name}
    response = await client.post("/api/v1/auth/register", json=payload)
    assert response.status_code == expect, response.text
    await mail.drain()  # the sign-up's job has run, as it has a moment later for a reader
    return response


async def sign_up(
    client: httpx.AsyncClient, box: Mailbox, email: str, name: str, password: str = PASSWORD
) -> None:
    """Register and confirm the address with the key from the mail."""
    await register(client, email, name, password)
    response = await client.post("/api/v1/auth/verify", json={"token": await box.last_key(email)})
    assert response.status_code == 200, response.text


async def log_in(
    client: httpx.AsyncClient, email: str, password: str = PASSWORD, expect: int = 200
) -> dict[str, Any]:
    """Sign in; the client keeps no cookie (tests send the cookie or the bearer explicitly)."""
    response = await client.post("/api/v1/auth/login", json={"email": email, "password": password})
    client.cookies.clear()
    assert response.status_code == expect, response.text
    data: dict[str, Any] = response.json()
    return data


def bearer(login: dict[str, Any]) -> dict[str, str]:
    return {"authorization": f"Bearer {login['token']}"}


def cookie(login: dict[str, Any], csrf: bool = False) -> dict[str, str]:
    headers = {"cookie": f"rejoinder_session={login['token']}"}
    if csrf:
        headers["x-csrf-token"] = login["csrf_token"]
    return headers


def shift_clock(app: FastAPI, by: timedelta) -> None:
    """From now on the app's clock runs `by` ahead (key expiry, cool-downs, session lifetimes)."""
    app.state.runtime = replace(app.state.runtime, clock=lambda: datetime.now(UTC) + by)


async def post_as(
    client: httpx.AsyncClient,
    login: dict[str, Any],
    site: str = "news",
    story: str = "story-1",
    expect: int = 201,
    **fields: Any,
) -> dict[str, Any]:
    """Post a comment with the account's bearer token (a new text each time)."""
    return await post(client, site, story, expect=expect, headers=bearer(login), **fields)
