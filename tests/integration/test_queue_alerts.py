"""Queue alerts (docs/notifications.md#queue-alerts), mailed to a real SMTP server: when a site's
held or reported queue reaches its threshold its moderators and the admins are mailed once, not
again within the hour, again after it (still over), and again as soon as the queue has fallen
under the threshold and reached it once more. Sites without a threshold queue no check at all.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from rejoinder.domain.errors import Invalid
from rejoinder.services import mail, sites
from rejoinder.storage.db import session_factory
from rejoinder.storage.models import Account, Job, SiteRole
from rejoinder.storage.repositories import sites as site_repo
from tests import mailbox as box
from tests.conftest import RELAXED, make_site
from tests.helpers import post
from tests.integration.signed_in import sign_in
from tests.mailbox import PUBLIC_URL, Mailbox, body_of

mailbox, settings = box.mailbox, box.settings

MODERATOR, ADMIN, ELSEWHERE = "mo@news.example", "ada@news.example", "eve@other.example"
HOLD = {**RELAXED["moderation"], "suspect_words": ["crypto"]}


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
async def clock(app: FastAPI) -> Clock:
    ticking = Clock()
    app.state.runtime = replace(app.state.runtime, clock=ticking)
    return ticking


async def _staff(app: FastAPI, name: str, email: str, role: str, moderates: str | None) -> None:
    """An account with a confirmed address; a moderator of `moderates`, or an admin."""
    async with session_factory(app.state.engine)() as session:
        account = Account(display_name=name, email=email, role=role,
                          email_verified_at=datetime.now(UTC))  # fmt: skip
        session.add(account)
        await session.flush()
        if moderates is not None:
            site = await site_repo.get_by_slug(session, moderates)
            assert site is not None
            session.add(SiteRole(site_id=site.id, account_id=account.id, role="moderator"))
        await session.commit()


@pytest.fixture
async def site(app: FastAPI) -> str:
    await make_site(app, "news", moderation=HOLD, queue_alert_pending=3, queue_alert_reported=1)
    await make_site(app, "other", moderation=HOLD)
    await _staff(app, "Mo", MODERATOR, "reader", "news")
    await _staff(app, "Ada", ADMIN, "admin", None)
    await _staff(app, "Eve", ELSEWHERE, "reader", "other")
    return "news"


async def _hold(client: httpx.AsyncClient, count: int, site: str = "news") -> list[int]:
    held = []
    for n in range(count):
        held.append((await post(client, site, body=f"Crypto tip {n}: buy.", expect=202))["id"])
    return held


async def _later(clock: Clock, by: timedelta = timedelta(seconds=31)) -> None:
    """Time passes (the debounced check is due at the end of its 30-second slot): what is due
    now runs first, as a worker runs the events' jobs at once."""
    await mail.drain()
    clock.now += by
    await mail.drain()


def _alerts(messages: list[EmailMessage], queue: str) -> list[EmailMessage]:
    return [m for m in messages if f"/queues/{queue}" in body_of(m)]


async def test_the_held_queue_alerts_once_within_the_hour(
    app: FastAPI, client: httpx.AsyncClient, site: str, mailbox: Mailbox, clock: Clock
) -> None:
    await _hold(client, 2)
    await _later(clock)
    assert await mailbox.all() == []  # under the threshold
    await _hold(client, 1)
    await mail.drain()
    assert await mailbox.all() == []  # debounced: the check runs at the end of the slot
    await _later(clock)
    (alert,) = await mailbox.to(MODERATOR)
    assert str(alert["Subject"]) == "News: held comments waiting for review: 3"
    assert f"{PUBLIC_URL}/admin/sites/news/queues/pending" in body_of(alert)
    assert "threshold (3)" in body_of(alert)
    assert len(await mailbox.to(ADMIN)) == 1
    assert await mailbox.to(ELSEWHERE) == []  # another site's moderator

    await _hold(client, 4)  # still over, within the hour: no new alert
    await _later(clock, timedelta(minutes=20))
    assert len(await mailbox.to(MODERATOR)) == 1
    await _hold(client, 1)  # an hour after the alert, still over: a reminder
    await _later(clock, timedelta(minutes=41))
    reminder = (await mailbox.to(MODERATOR))[-1]
    assert len(await mailbox.to(MODERATOR)) == 2 and "review: 8" in str(reminder["Subject"])


async def test_a_queue_that_fell_under_alerts_again_when_it_passes_again(
    app: FastAPI, client: httpx.AsyncClient, site: str, mailbox: Mailbox, clock: Clock
) -> None:
    held = await _hold(client, 3)
    await _later(clock)
    assert len(await mailbox.to(MODERATOR)) == 1
    moderator = await sign_in(app, "Desk", moderates=("news",))
    for comment_id in held[:2]:
        approved = await client.post(
            f"/api/v1/sites/news/moderation/comments/{comment_id}",
            json={"action": "approve"},
            headers=moderator.headers,
        )
        assert approved.status_code == 200, approved.text  # fmt: skip
    await _later(clock)  # the decisions' check sees 1 held: under again
    await _hold(client, 2)
    await _later(clock)
    assert len(await mailbox.to(MODERATOR)) == 2  # within the hour, but it passed again


async def test_the_reported_queue_alerts_and_a_site_without_thresholds_checks_nothing(
    app: FastAPI, client: httpx.AsyncClient, site: str, mailbox: Mailbox, clock: Clock,
    readers: Any,
) -> None:  # fmt: skip
    shown = await post(client, "news", body="Nothing wrong with this comment at all.")
    reported = await readers("198.51.100.7").post(
        f"/api/v1/sites/news/comments/{shown['id']}/reports", json={"reason": "spam"}
    )
    assert reported.status_code == 201, reported.text
    await _later(clock)
    (alert,) = _alerts(await mailbox.to(MODERATOR), "reported")
    assert "reported comments waiting for review: 1" in str(alert["Subject"])

    await _hold(client, 5, site="other")
    await _later(clock)
    assert await mailbox.to(ELSEWHERE) == []
    async with session_factory(app.state.engine)() as session:
        kinds = list((await session.execute(select(Job.kind))).scalars())
    assert kinds.count("event.queue_alerts.held") == 0  # "other" has no threshold: no job
    assert kinds.count("queue_alerts.check") == 1  # the report's, on "news"


@pytest.mark.parametrize("bad", [0, -1, "many", 10**7])
async def test_a_threshold_that_is_not_a_positive_count_is_refused(
    app: FastAPI, site: str, bad: object
) -> None:
    async with session_factory(app.state.engine)() as session:
        with pytest.raises(Invalid) as refused:
            await sites.update(session, "other", settings={"queue_alert_pending": bad})
    assert "queue_alert_pending" in refused.value.message
