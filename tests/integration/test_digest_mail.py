"""The weekly digest mail (docs/insight.md#the-weekly-digest), to a real SMTP server: a site with
`digest_mail` on mails its moderators and the admins once a week, Monday 07:00 UTC, the stories
most discussed in the 7 days before, each linked to its insight page (which opens for them); a
site with it off mails nobody; a second run in the week sends nothing more; a week without
comments sends nothing; each mail is in its recipient's language."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

import httpx
import pytest
from fastapi import FastAPI

from rejoinder.domain.enums import AccountRole
from rejoinder.domain.errors import Invalid
from rejoinder.services import digest, mail, sites
from rejoinder.storage.db import session_factory
from rejoinder.storage.models import Account, SiteRole
from rejoinder.storage.repositories import sites as site_repo
from tests import mailbox as box
from tests.conftest import RELAXED, make_site
from tests.helpers import post
from tests.integration.admin_helpers import make_staff, staff_client
from tests.integration.test_admin_settings import form_of
from tests.mailbox import PUBLIC_URL, Mailbox, body_of

mailbox, settings = box.mailbox, box.settings

MODERATOR, ADMIN, GERMAN, ELSEWHERE = (
    "mo@news.example", "ada@news.example", "kai@news.example", "eve@other.example",
)  # fmt: skip
INSIGHT = "/admin/sites/news/stories/story-1/insight"
TITLE = "Harbour <plans> & the city"


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


# The next Monday 07:00 UTC: the week's mail goes out then, about the 7 days before it.
MONDAY = digest.week_of(datetime.now(UTC)) + timedelta(days=7)


@pytest.fixture
async def clock(app: FastAPI) -> Clock:
    ticking = Clock(MONDAY - timedelta(days=1))  # Sunday: the comments are written then
    app.state.runtime = replace(app.state.runtime, clock=ticking)
    return ticking


async def _staff(
    app: FastAPI, name: str, email: str, *, admin: bool = False, moderates: str | None = None,
    language: str | None = None,
) -> None:  # fmt: skip
    """An account with a confirmed address; a moderator of `moderates`, or an admin."""
    async with session_factory(app.state.engine)() as session:
        account = Account(display_name=name, email=email, role="admin" if admin else "reader",
                          email_verified_at=datetime.now(UTC), language=language)  # fmt: skip
        session.add(account)
        await session.flush()
        if moderates is not None:
            site = await site_repo.get_by_slug(session, moderates)
            assert site is not None
            session.add(SiteRole(site_id=site.id, account_id=account.id, role="moderator"))
        await session.commit()


@pytest.fixture
async def site(app: FastAPI, clock: Clock) -> str:
    await make_site(app, "news", digest_mail=True, **RELAXED)
    await make_site(app, "other", **RELAXED)  # digest_mail off (the default)
    await _staff(app, "Mo", MODERATOR, moderates="news")
    await _staff(app, "Kai", GERMAN, moderates="news", language="de")
    await _staff(app, "Ada", ADMIN, admin=True)
    await _staff(app, "Eve", ELSEWHERE, moderates="other")
    return "news"


async def _at(clock: Clock, when: datetime) -> None:
    await mail.drain()
    clock.now = when
    await mail.drain()


async def _discuss(client: httpx.AsyncClient, site: str, count: int) -> None:
    for n in range(count):
        await post(
            client, site, "story-1", f"Point {n} about the harbour plans, {site}.",
            story_title=TITLE,
        )  # fmt: skip


async def test_the_staff_of_a_site_with_the_mail_on_get_the_week_once(
    app: FastAPI, client: httpx.AsyncClient, site: str, mailbox: Mailbox, clock: Clock
) -> None:
    await _discuss(client, "news", 3)
    await _discuss(client, "other", 2)
    await _at(clock, MONDAY - timedelta(minutes=5))
    assert await mailbox.all() == []  # not Monday 07:00 yet

    await _at(clock, MONDAY + timedelta(minutes=30))
    (sent,) = await mailbox.to(MODERATOR)
    assert str(sent["Subject"]).startswith("News: the week's most discussed stories (")
    text = body_of(sent)
    assert "Hello Mo," in text and f"1. {TITLE} (story-1)" in text
    assert "Comments this week: 3" in text
    assert f"Insight: {PUBLIC_URL}{INSIGHT}" in text
    assert f"{PUBLIC_URL}/admin/sites/news/digest" in text
    html = _html_of(sent)
    assert f'<a href="{PUBLIC_URL}{INSIGHT}">Open the insight page</a>' in html
    assert "Harbour &lt;plans&gt; &amp; the city" in html and "<plans>" not in html
    assert len(await mailbox.to(ADMIN)) == 1  # news only: "other" has the mail off
    assert await mailbox.to(ELSEWHERE) == []
    (german,) = await mailbox.to(GERMAN)
    assert "die meistdiskutierten Artikel der Woche" in str(german["Subject"])
    assert "Kommentare diese Woche: 3" in body_of(german)

    link = next(word for word in text.split() if word.endswith("/insight"))
    mo = await staff_client(app, MODERATOR)  # the link opens the page for its moderator
    opened = await mo.http.get(link.removeprefix(PUBLIC_URL))
    assert opened.status_code == 200 and "story-1" in opened.text

    # Run again in the same week (another hourly slot; 20 hours on, still in the window): none.
    await _at(clock, MONDAY + timedelta(hours=1, minutes=30))
    await _at(clock, MONDAY + timedelta(hours=20))
    assert len(await mailbox.to(MODERATOR)) == 1 and len(await mailbox.to(ADMIN)) == 1
    # The next week nobody wrote: no mail.
    await _at(clock, MONDAY + timedelta(days=7, minutes=30))
    assert len(await mailbox.all()) == 3


def test_a_mail_week_starts_on_monday_at_seven_utc() -> None:
    monday = datetime(2026, 12, 7, 7, tzinfo=UTC)
    assert digest.week_of(monday) == monday
    assert digest.week_of(monday + timedelta(days=6, hours=23)) == monday
    assert digest.week_of(monday - timedelta(seconds=1)) == monday - timedelta(days=7)


async def test_a_week_without_comments_sends_nothing(
    app: FastAPI, site: str, mailbox: Mailbox, clock: Clock
) -> None:
    await _at(clock, MONDAY + timedelta(minutes=10))
    assert await mailbox.all() == []


async def test_the_setting_is_set_in_the_dashboard_and_checked(
    app: FastAPI, site: str, mailbox: Mailbox
) -> None:
    await make_staff(app, "Chief", "chief@news.example", role=AccountRole.ADMIN)
    chief = await staff_client(app, "chief@news.example")
    path = "/admin/sites/other/settings"
    page = await chief.http.get(path)
    assert "Mail the weekly digest" in page.text
    form = form_of(page.text, path)
    assert "digest_mail" not in form  # off: the box is not ticked
    saved = await chief.post(path, {**form, "digest_mail": "on"})
    assert saved.status_code == 303, saved.text
    async with session_factory(app.state.engine)() as session:
        other = await site_repo.get_by_slug(session, "other")
        assert other is not None and other.settings["digest_mail"] is True
        with pytest.raises(Invalid) as refused:
            await sites.update(session, "other", settings={"digest_mail": "sometimes"})
    assert "digest_mail" in refused.value.message
    german = await chief.http.get(path, headers={"accept-language": "de"})
    assert "Wochenbericht per E-Mail senden" in german.text


def _html_of(message: EmailMessage) -> str:
    part = message.get_body(("html",))
    assert part is not None
    content: str = part.get_content()
    return content
