"""Reply notifications by email, followed as readers would (docs/notifications.md): a guest asks
for replies, confirms the address by the mail's link (a page, then a POST), hears of a reply
with a link to it and a one-click unsubscribe (RFC 8058), and hears nothing after that.

Mail goes to a real SMTP server (tests/mailbox.py); time is moved with the app's clock.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from rejoinder.config import Settings
from rejoinder.services import mail
from rejoinder.storage.db import session_factory
from rejoinder.storage.models import Job
from tests import mailbox as box
from tests.conftest import make_site
from tests.helpers import STORY_URL, post
from tests.integration.signed_in import sign_in
from tests.mailbox import (
    ACCOUNT_SITE,
    FORM,
    PUBLIC_URL,
    Mailbox,
    bearer,
    body_of,
    log_in,
    mail_settings,
    sign_up,
)

mailbox = box.mailbox

GUEST = "aiko@example.org"
SENDER = "News Comments <comments@news.example>"
CONFIRM = "/notifications/confirm"
UNSUBSCRIBE = "/notifications/unsubscribe"
ONE_CLICK = {"content-type": "application/x-www-form-urlencoded"}  # a mail client: no Origin
HOLD = {"suspect_words": ["crypto"]}
_UNSUBSCRIBE_URL = re.compile(r"<(https://\S+?)>")


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def settings(database_url: str, tmp_path: Any, mailbox: Mailbox) -> Settings:
    return mail_settings(database_url, tmp_path, mailbox.port, reply_mails_per_hour=3)


@pytest.fixture
async def clock(app: FastAPI) -> Clock:
    ticking = Clock()
    app.state.runtime = replace(app.state.runtime, clock=ticking)
    return ticking


@pytest.fixture
async def site(app: FastAPI) -> str:
    moderation = {**ACCOUNT_SITE["moderation"], **HOLD}
    await make_site(app, "news", mail_from=SENDER, moderation=moderation)
    return "news"


async def _opt_in(reader: httpx.AsyncClient, email: str = GUEST, **fields: Any) -> dict[str, Any]:
    return await post(
        reader, "news", author_name="Aiko", author_email=email, notify_replies=True, **fields
    )


async def _reply(
    reader: httpx.AsyncClient, parent: dict[str, Any], **fields: Any
) -> dict[str, Any]:
    return await post(reader, "news", author_name="Ben", parent_id=parent["id"], **fields)


async def _confirm(client: httpx.AsyncClient, box_: Mailbox, email: str = GUEST) -> None:
    link = await box_.last_link(email)
    page = await client.get(link.removeprefix(PUBLIC_URL))
    assert page.status_code == 200 and 'method="post"' in page.text
    key = await box_.last_key(email)
    done = await client.post(CONFIRM, content=f"token={key}&lang=en", headers=FORM)
    assert done.status_code == 200 and "Address confirmed" in done.text, done.text


def _unsubscribe_url(message: EmailMessage) -> str:
    found = _UNSUBSCRIBE_URL.fullmatch(str(message["List-Unsubscribe"]))
    assert found, message["List-Unsubscribe"]
    return found.group(1)


async def test_a_guest_confirms_hears_of_a_reply_and_unsubscribes_with_one_click(
    client: httpx.AsyncClient, site: str, readers: Any, mailbox: Mailbox
) -> None:
    aiko, ben = readers("198.51.100.1"), readers("198.51.100.2")
    comment = await _opt_in(aiko)
    (confirmation,) = await mailbox.to(GUEST)
    assert "Confirm your address" in str(confirmation["Subject"])
    assert str(confirmation["From"]) == SENDER
    link = await mailbox.last_link(GUEST)
    assert link.startswith(f"{PUBLIC_URL}{CONFIRM}?lang=en&")
    for _ in range(3):  # a mail scanner opening the link: nothing is confirmed
        page = await client.get(link.removeprefix(PUBLIC_URL))
        assert page.status_code == 200 and 'method="post"' in page.text
    early = await _reply(ben, comment)  # before the confirmation: not mailed, now or later
    key = await mailbox.last_key(GUEST)
    foreign = await client.post(
        CONFIRM, content=f"token={key}", headers=FORM | {"origin": "https://evil.example"}
    )
    assert foreign.status_code == 403
    await _confirm(client, mailbox)
    assert len(await mailbox.to(GUEST)) == 1

    reply = await _reply(ben, comment)
    messages = await mailbox.to(GUEST)
    assert len(messages) == 2
    notification = messages[1]
    assert str(notification["Subject"]) == "Ben replied to your comment on News"
    assert str(notification["From"]) == SENDER
    assert notification.get_content_type() == "multipart/alternative"
    text, html = body_of(notification), notification.get_body(("html",))
    assert html is not None and f'href="{STORY_URL}#comment-{reply["id"]}"' in html.get_content()
    assert f"{STORY_URL}#comment-{reply['id']}" in text
    assert f"#comment-{early['id']}" not in text
    assert notification["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    stop = _unsubscribe_url(notification)
    assert stop.startswith(f"{PUBLIC_URL}{UNSUBSCRIBE}?key=")

    page = await client.get(stop.removeprefix(PUBLIC_URL))  # a scanner again: nothing happens
    assert page.status_code == 200 and 'method="post"' in page.text
    one_click = await client.post(
        stop.removeprefix(PUBLIC_URL), content="List-Unsubscribe=One-Click", headers=ONE_CLICK
    )
    assert one_click.status_code == 204 and one_click.text == ""
    await _reply(ben, comment)
    assert len(await mailbox.to(GUEST)) == 2


async def test_a_second_comment_from_a_confirmed_address_needs_no_confirmation(
    client: httpx.AsyncClient, site: str, readers: Any, mailbox: Mailbox
) -> None:
    aiko, ben = readers("198.51.100.1"), readers("198.51.100.2")
    await _opt_in(aiko)
    await _confirm(client, mailbox)
    second = await _opt_in(aiko, email="Aiko@Example.org")
    assert len(await mailbox.to(GUEST)) == 1  # no new confirmation
    await _reply(ben, second)
    (_, notification) = await mailbox.to(GUEST)
    assert "Ben replied" in str(notification["Subject"])


async def test_a_guest_needs_an_address_to_be_notified(
    client: httpx.AsyncClient, site: str, mailbox: Mailbox
) -> None:
    refused = await post(client, site, notify_replies=True, expect=422)
    assert "author_email" in refused["error"]["message"]
    await post(client, site, notify_replies=False)  # the default: nothing asked
    assert await mailbox.all() == []


async def test_a_held_reply_mails_nothing_until_approved(
    app: FastAPI, client: httpx.AsyncClient, site: str, readers: Any, mailbox: Mailbox
) -> None:
    aiko, ben = readers("198.51.100.1"), readers("198.51.100.2")
    comment = await _opt_in(aiko)
    await _confirm(client, mailbox)
    held = await _reply(ben, comment, body="Buy crypto now, friends.", expect=202)
    assert len(await mailbox.to(GUEST)) == 1
    mod = await sign_in(app, "desk", moderates=(site,))
    approved = await client.post(
        f"/api/v1/sites/news/moderation/comments/{held['id']}",
        json={"action": "approve"},
        headers=mod.headers,
    )
    assert approved.status_code == 200, approved.text
    (_, notification) = await mailbox.to(GUEST)
    assert f"#comment-{held['id']}" in body_of(notification)


async def test_replying_to_oneself_mails_nothing(
    client: httpx.AsyncClient, site: str, readers: Any, mailbox: Mailbox
) -> None:
    aiko = readers("198.51.100.1")
    comment = await _opt_in(aiko)
    await _confirm(client, mailbox)
    await post(aiko, "news", author_name="Aiko", parent_id=comment["id"])
    await post(readers("198.51.100.9"), "news", author_name="Aiko", author_email=GUEST,
               parent_id=comment["id"])  # fmt: skip
    assert len(await mailbox.to(GUEST)) == 1


async def test_a_flood_of_replies_is_batched_into_the_next_mail(
    client: httpx.AsyncClient, site: str, readers: Any, mailbox: Mailbox, clock: Clock
) -> None:
    aiko, ben = readers("198.51.100.1"), readers("198.51.100.2")
    comment = await _opt_in(aiko)
    await _confirm(client, mailbox)
    replies = []
    for _ in range(6):  # each mailed as soon as it can be, as when replies come minutes apart
        replies.append(await _reply(ben, comment))
        await mail.drain()
    assert len(await mailbox.to(GUEST)) == 1 + 3  # the limit in these settings: 3 an hour
    clock.now += timedelta(minutes=61)
    await mail.drain()
    messages = await mailbox.to(GUEST)
    assert len(messages) == 5
    batched = body_of(messages[-1])
    assert "3 new replies" in str(messages[-1]["Subject"]) and "2 more replies" in batched
    assert all(f"#comment-{r['id']}" in batched for r in replies[3:])
    clock.now += timedelta(minutes=61)
    await mail.drain()
    assert len(await mailbox.to(GUEST)) == 5  # nothing was left over, nothing sent twice


async def test_an_account_on_the_daily_digest_gets_one_mail_a_day(
    client: httpx.AsyncClient, site: str, readers: Any, mailbox: Mailbox, clock: Clock
) -> None:
    email = "kim@example.org"
    await sign_up(client, mailbox, email, "Kim")
    login = await log_in(client, email)
    setting = await client.patch(
        "/api/v1/me/notifications", json={"reply_notifications": "digest"}, headers=bearer(login)
    )
    assert setting.status_code == 200 and setting.json() == {"reply_notifications": "digest"}
    comment = await post(client, site, headers=bearer(login), notify_replies=True)
    ben = readers("198.51.100.2")
    first, second = await _reply(ben, comment), await _reply(ben, comment)
    before = len(await mailbox.to(email))
    clock.now += timedelta(days=1)
    await mail.drain()
    (digest,) = (await mailbox.to(email))[before:]
    assert "Today's replies" in str(digest["Subject"]) and "(2)" in str(digest["Subject"])
    assert f"#comment-{first['id']}" in body_of(digest) and f"#comment-{second['id']}" in body_of(
        digest
    )
    clock.now += timedelta(days=1)
    await mail.drain()
    assert len(await mailbox.to(email)) == before + 1


async def test_notification_mail_is_in_the_readers_language_and_logs_no_address(
    client: httpx.AsyncClient,
    site: str,
    readers: Any,
    mailbox: Mailbox,
    capsys: pytest.CaptureFixture[str],
) -> None:
    capsys.readouterr()
    aiko, ben = readers("198.51.100.1"), readers("198.51.100.2")
    comment = await _opt_in(aiko, language="ja")
    assert (await mailbox.last_link(GUEST)).startswith(f"{PUBLIC_URL}{CONFIRM}?lang=ja&")
    await _confirm(client, mailbox)
    await _reply(ben, comment)
    (_, notification) = await mailbox.to(GUEST)
    assert "返信しました" in str(notification["Subject"])
    logged = capsys.readouterr()
    assert "example.org" not in (logged.err + logged.out).lower()


async def test_the_unsubscribe_page_stops_everything_for_the_address_on_the_site(
    client: httpx.AsyncClient, site: str, readers: Any, mailbox: Mailbox
) -> None:
    aiko, ben = readers("198.51.100.1"), readers("198.51.100.2")
    first = await _opt_in(aiko)
    await _confirm(client, mailbox)
    second = await _opt_in(aiko)
    await _reply(ben, first)
    (_, notification) = await mailbox.to(GUEST)
    key = _unsubscribe_url(notification).split("key=")[1]
    foreign = await client.post(UNSUBSCRIBE, content=f"key={key}&scope=all", headers=ONE_CLICK)
    assert foreign.status_code == 403  # the page's own form carries the install's Origin
    done = await client.post(UNSUBSCRIBE, content=f"key={key}&scope=all", headers=FORM)
    assert done.status_code == 200 and "Unsubscribed" in done.text
    bad = await client.post(UNSUBSCRIBE, content="key=1-1-00&scope=all", headers=FORM)
    assert bad.status_code == 422
    await _reply(ben, second)
    await _reply(ben, first)
    assert len(await mailbox.to(GUEST)) == 2


async def test_posts_where_nobody_asked_for_replies_queue_no_notification_job(
    app: FastAPI, client: httpx.AsyncClient, site: str, readers: Any, mailbox: Mailbox
) -> None:
    comment = await post(client, site)
    await _reply(readers("198.51.100.2"), comment)  # no subscription on the site: no job
    await _opt_in(readers("198.51.100.1"))
    await post(client, site)  # a top-level comment never gets one, even where someone asked
    await _reply(readers("198.51.100.2"), comment)  # a reply there does; the job finds nothing
    async with session_factory(app.state.engine)() as db:
        kinds = (await db.execute(select(Job.kind).order_by(Job.id))).scalars().all()
    assert kinds.count("event.replies.notify") == 1
    assert len(await mailbox.to(GUEST)) == 1  # the confirmation only
