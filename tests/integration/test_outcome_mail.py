"""Mail about moderators' decisions (docs/notifications.md#moderation-outcome-mail), to a real SMTP
server (tests/mailbox.py): an account hears that its comment was featured or approved (its
rejection comes as the statement of reasons, once), a guest that it was approved or rejected
(with the reasons) but only at an address confirmed for reply notifications on the site; each
mail has RFC 8058 one-click unsubscribe headers and a link to the comment; the setting `none`
and the one-click unsubscribe stop them.
"""

from __future__ import annotations

import re
from email.message import EmailMessage
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tests import mailbox as box
from tests.conftest import make_site
from tests.helpers import STORY_URL, post
from tests.integration.admin_helpers import make_staff, staff_client
from tests.integration.signed_in import SignedIn, sign_in
from tests.mailbox import (
    ACCOUNT_SITE,
    FORM,
    PUBLIC_URL,
    Mailbox,
    bearer,
    body_of,
    log_in,
    sign_up,
)

mailbox, settings = box.mailbox, box.settings

SENDER = "News Comments <comments@news.example>"
ONE_CLICK = {"content-type": "application/x-www-form-urlencoded"}  # a mail client: no Origin
UNSUBSCRIBE = "/notifications/outcomes/unsubscribe"
KIM = "kim@example.org"
_URL = re.compile(r"<(https://\S+?)>")


@pytest.fixture
async def site(app: FastAPI) -> str:
    moderation = {**ACCOUNT_SITE["moderation"], "suspect_words": ["crypto"]}
    redress = {"contact_email": "appeals@news.example"}
    await make_site(app, "news", mail_from=SENDER, moderation=moderation, dsa=redress)
    return "news"


@pytest.fixture
async def moderator(app: FastAPI, site: str) -> SignedIn:
    return await sign_in(app, "Mo", moderates=(site,))


async def _decide(
    client: httpx.AsyncClient, moderator: SignedIn, comment: dict[str, Any], action: str
) -> None:
    body = {"action": action, "reason": "Off topic: the story is about transit."}
    response = await client.post(
        f"/api/v1/sites/news/moderation/comments/{comment['id']}",
        json=body if action == "reject" else {"action": action},
        headers=moderator.headers,
    )
    assert response.status_code == 200, response.text


async def _feature(app: FastAPI, comment: dict[str, Any]) -> None:
    await make_staff(app, "Night Desk", "desk@news.example", sites=("news",))
    desk = await staff_client(app, "desk@news.example")
    response = await desk.htmx(
        f"/admin/sites/news/comments/{comment['id']}/decision", {"action": "feature"}
    )
    assert response.status_code == 200, response.text


def _outcomes(messages: list[EmailMessage]) -> list[EmailMessage]:
    """Outcome mail only (not the sign-up's, nor the statement of reasons' legal notice)."""
    return [m for m in messages if m["List-Unsubscribe"] is not None]


def _unsubscribe_url(message: EmailMessage) -> str:
    found = _URL.fullmatch(str(message["List-Unsubscribe"]))
    assert found, message["List-Unsubscribe"]
    return found.group(1)


def _check_notification(message: EmailMessage, link: str) -> None:
    assert str(message["From"]) == SENDER
    assert message.get_content_type() == "multipart/alternative"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert _unsubscribe_url(message).startswith(f"{PUBLIC_URL}{UNSUBSCRIBE}?key=")
    assert link in body_of(message)
    html = message.get_body(("html",))
    assert html is not None and f'href="{link}"' in html.get_content()


async def test_an_account_hears_of_featuring_approval_and_rejection(
    app: FastAPI, client: httpx.AsyncClient, site: str, moderator: SignedIn, mailbox: Mailbox
) -> None:
    await sign_up(client, mailbox, KIM, "Kim")
    kim = bearer(await log_in(client, KIM))
    shown = await post(client, site, body="The tram plan is overdue.", headers=kim)
    held = await post(client, site, body="Crypto <b>pays</b> for trams.", headers=kim, expect=202)
    doomed = await post(client, site, body="Crypto fixes all.", headers=kim, expect=202)
    await _feature(app, shown)
    await _decide(client, moderator, held, "approve")
    await _decide(client, moderator, doomed, "reject")

    featured, approved = _outcomes(await mailbox.to(KIM))
    assert str(featured["Subject"]) == "A moderator featured your comment on News"
    _check_notification(featured, f"{STORY_URL}#comment-{shown['id']}")
    assert str(approved["Subject"]) == "Your comment on News was approved"
    _check_notification(approved, f"{STORY_URL}#comment-{held['id']}")
    assert "Crypto <b>pays</b> for trams." in body_of(approved)  # as written, plain text
    html = approved.get_body(("html",))
    assert html is not None and "&lt;b&gt;pays&lt;/b&gt;" in html.get_content()  # escaped
    # The rejection reaches an account as its statement of reasons (the legal notice, no
    # unsubscribe), not twice.
    (statement,) = [m for m in await mailbox.to(KIM) if "rejected" in str(m["Subject"]).lower()
                    or "removed" in str(m["Subject"]).lower()]  # fmt: skip
    assert statement["List-Unsubscribe"] is None
    assert len(_outcomes(await mailbox.to(KIM))) == 2


async def test_the_setting_none_and_the_one_click_unsubscribe_stop_outcome_mail(
    app: FastAPI, client: httpx.AsyncClient, site: str, moderator: SignedIn, mailbox: Mailbox
) -> None:
    await sign_up(client, mailbox, KIM, "Kim")
    kim = bearer(await log_in(client, KIM))
    first = await post(client, site, body="Crypto, first.", headers=kim, expect=202)
    await _decide(client, moderator, first, "approve")
    (mailed,) = _outcomes(await mailbox.to(KIM))
    stop = _unsubscribe_url(mailed).removeprefix(PUBLIC_URL)
    page = await client.get(stop)  # a mail scanner opening the link: nothing happens
    assert page.status_code == 200 and 'method="post"' in page.text
    second = await post(client, site, body="Crypto, second.", headers=kim, expect=202)
    await _decide(client, moderator, second, "approve")
    assert len(_outcomes(await mailbox.to(KIM))) == 2

    one_click = await client.post(stop, content="List-Unsubscribe=One-Click", headers=ONE_CLICK)
    assert one_click.status_code == 204 and one_click.text == ""
    third = await post(client, site, body="Crypto, third.", headers=kim, expect=202)
    await _decide(client, moderator, third, "approve")
    assert len(_outcomes(await mailbox.to(KIM))) == 2
    forged = await client.post(
        f"{UNSUBSCRIBE}?key=1-99999999999-{'0' * 32}",
        content="List-Unsubscribe=One-Click",
        headers=ONE_CLICK,
    )
    assert forged.status_code == 422

    other = "lee@example.org"
    await sign_up(client, mailbox, other, "Lee")
    lee = bearer(await log_in(client, other))
    setting = await client.patch(
        "/api/v1/me/notifications", json={"reply_notifications": "none"}, headers=lee
    )
    assert setting.status_code == 200
    held = await post(client, site, body="Crypto, by Lee.", headers=lee, expect=202)
    await _decide(client, moderator, held, "approve")
    await _feature(app, held)
    assert _outcomes(await mailbox.to(other)) == []


async def test_a_guest_is_mailed_only_at_an_address_confirmed_on_the_site(
    app: FastAPI, client: httpx.AsyncClient, site: str, moderator: SignedIn, mailbox: Mailbox,
    readers: Any,
) -> None:  # fmt: skip
    unconfirmed = "una@example.org"
    held = await post(readers("198.51.100.3"), site, body="Crypto now.", author_name="Una",
                      author_email=unconfirmed, expect=202)  # fmt: skip
    await _decide(client, moderator, held, "approve")
    await _feature(app, held)
    assert await mailbox.to(unconfirmed) == []  # never asked, never confirmed: nothing

    guest = "aiko@example.org"
    aiko = readers("198.51.100.1")
    await post(aiko, site, author_name="Aiko", author_email=guest, notify_replies=True,
               language="ja")  # fmt: skip
    pending = await post(aiko, site, body="Crypto, says Aiko.", author_name="Aiko",
                         author_email=guest, expect=202)  # fmt: skip
    await _decide(client, moderator, pending, "reject")  # not confirmed yet: nothing
    assert _outcomes(await mailbox.to(guest)) == []
    key = await mailbox.last_key(guest)
    done = await client.post("/notifications/confirm", content=f"token={key}", headers=FORM)
    assert done.status_code == 200, done.text
    later = await post(aiko, site, body="Crypto, again.", author_name="Aiko", author_email=guest,
                       expect=202)  # fmt: skip
    await _decide(client, moderator, later, "approve")
    doomed = await post(aiko, site, body="Crypto, and again.", author_name="Aiko",
                        author_email=guest, expect=202)  # fmt: skip
    await _decide(client, moderator, doomed, "reject")
    approved, rejected = _outcomes(await mailbox.to(guest))
    assert str(approved["Subject"]) == "Your comment on News was approved"  # the site's language
    _check_notification(approved, f"{STORY_URL}#comment-{later['id']}")
    assert str(rejected["Subject"]) == "Your comment on News was rejected"
    _check_notification(rejected, STORY_URL)  # the story: a rejected comment is not shown
    text = body_of(rejected)
    assert "Hello Aiko," in text and "Crypto, and again." in text
    assert "Reasons: The comment rules of News: Off topic: the story is about transit." in text
    assert "Reference of the statement of reasons: " in text and "appeals@news.example" in text

    key = _unsubscribe_url(approved).split("key=")[1].split("&")[0]
    everything = await client.post(UNSUBSCRIBE, content=f"key={key}&scope=all", headers=FORM)
    assert everything.status_code == 200 and "no more notifications" in everything.text
    last = await post(aiko, site, body="Crypto, once more.", author_name="Aiko",
                      author_email=guest, expect=202)  # fmt: skip
    await _decide(client, moderator, last, "approve")
    assert len(_outcomes(await mailbox.to(guest))) == 2
