"""Queue alerts: a site's moderators and the install's admins are mailed when the held
(`pending`) or the `reported` queue reaches the threshold the site set (`queue_alert_pending`,
`queue_alert_reported`; unset: no alert). Docs: docs/notifications.md#queue-alerts.

Checked by a job debounced per site: each comment held, report filed and moderator's decision
on a site with a threshold queues `queue_alerts.check` for the end of its 30-second slot (one per
slot and site, by key), so a flood of held comments costs one count per slot, a queue is looked
at soon after it grows, and its falling under the threshold (by decisions) is seen too. A
schedule every minute would count every such site's queues all day long whether anything
happened or not. Posting pays nothing unless the comment is held on a site with a threshold.

An alert goes out once; no new one for that queue for an hour, unless a check has seen the
queue under its threshold since (then the next check that finds it at or over the threshold
alerts again). The right to alert is claimed atomically (`queue_alerts` row), so two workers
never both send.
"""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.enums import QueueKind
from rejoinder.domain.errors import Forbidden
from rejoinder.domain.events import CommentDecided, CommentEvent, CommentHeld, ReportFiled
from rejoinder.i18n.queue_alert_mail import translator
from rejoinder.services import access, events, jobs, mail, reply_subscriptions, roles
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import Site
from rejoinder.storage.repositories import accounts as account_repo
from rejoinder.storage.repositories import moderation_queue as queue_repo
from rejoinder.storage.repositories import queue_alerts as repo
from rejoinder.storage.repositories import sites as site_repo

CHECK_JOB = "queue_alerts.check"
MAIL_JOB = "queue_alerts.mail"
SLOT = timedelta(seconds=30)
QUIET = timedelta(hours=1)
QUEUES: tuple[QueueKind, ...] = ("pending", "reported")


def thresholds(site: Site) -> dict[QueueKind, int]:
    """The site's alert thresholds by queue (the queues without one left out)."""
    settings = access.settings_of(site)
    chosen: dict[QueueKind, int | None] = {
        "pending": settings.queue_alert_pending,
        "reported": settings.queue_alert_reported,
    }
    return {queue: limit for queue, limit in chosen.items() if limit is not None}


async def _site_has_alerts(session: AsyncSession, _rt: Runtime, event: CommentEvent) -> bool:
    """In the emitting transaction: the site (held by the session, or one primary-key read)."""
    site = await site_repo.get(session, event.site_id)
    return site is not None and bool(thresholds(site))


async def _queue_check(session: AsyncSession, rt: Runtime, site_id: int) -> None:
    """One check per site at the end of the current slot, whatever the number of events."""
    now = rt.now().timestamp()
    slot_end = (int(now // SLOT.total_seconds()) + 1) * SLOT.total_seconds()
    delay = timedelta(seconds=slot_end - now)
    key = f"{CHECK_JOB}:{site_id}:{int(slot_end)}"
    await jobs.enqueue(session, rt, CHECK_JOB, {"site_id": site_id}, key=key, delay=delay)


@events.on(CommentHeld, "queue_alerts.held", when=_site_has_alerts)
async def _held(session: AsyncSession, rt: Runtime, event: CommentHeld) -> None:
    await _queue_check(session, rt, event.site_id)


@events.on(ReportFiled, "queue_alerts.reported", when=_site_has_alerts)
async def _reported(session: AsyncSession, rt: Runtime, event: ReportFiled) -> None:
    await _queue_check(session, rt, event.site_id)


@events.on(CommentDecided, "queue_alerts.decided", when=_site_has_alerts)
async def _decided(session: AsyncSession, rt: Runtime, event: CommentDecided) -> None:
    await _queue_check(session, rt, event.site_id)  # a queue that shrank: seen under again


@jobs.job(CHECK_JOB)
async def _check(session: AsyncSession, rt: Runtime, payload: jobs.Payload) -> None:
    site = await site_repo.get(session, int(payload["site_id"]))
    if site is None:
        return
    now = rt.now()
    for queue, threshold in thresholds(site).items():
        count = await queue_repo.count(session, site.id, queue)
        if count < threshold:
            await repo.clear(session, site.id, queue, now)
        elif await repo.claim(session, site.id, queue, now, now - QUIET):
            await _alert(session, rt, site, queue, count, threshold)


async def _alert(
    session: AsyncSession, rt: Runtime, site: Site, queue: QueueKind, count: int, threshold: int
) -> None:
    stamp = int(rt.now().timestamp())
    for account in await repo.staff_with_mail(session, site.id):
        payload = {
            "site_id": site.id, "queue": queue, "account_id": account.id, "count": count,
            "threshold": threshold,
        }  # fmt: skip
        key = f"{MAIL_JOB}:{site.id}:{queue}:{account.id}:{stamp}"
        await jobs.enqueue(session, rt, MAIL_JOB, payload, key=key)


@jobs.job(MAIL_JOB, max_attempts=12)
async def _mail(session: AsyncSession, rt: Runtime, payload: jobs.Payload) -> jobs.Delivery | None:
    site = await site_repo.get(session, int(payload["site_id"]))
    account = await account_repo.get(session, int(payload["account_id"]))
    if site is None or account is None:
        return None
    if not await roles.still_staff(session, site.id, account):
        return None  # no longer staff of the site
    queue = str(payload["queue"])
    t = translator(account.language or access.settings_of(site).dsa.language)
    count, threshold = int(payload["count"]), int(payload["threshold"])
    link = f"{rt.settings.public_url.rstrip('/')}/admin/sites/{site.slug}/queues/{queue}"
    body = "\n".join(
        [
            t("greeting", name=account.display_name), "",
            t(f"{queue}_text", site=site.name, threshold=threshold, count=count), "",
            t("open_queue", link=link), "", "-- ", t("footer", site=site.name),
        ]
    )  # fmt: skip
    try:
        message = mail.for_confirmed(
            account, t(f"{queue}_subject", site=site.name, count=count), body
        )
    except Forbidden:
        return None  # the address is no longer confirmed
    sent = reply_subscriptions.sender_of(rt, site, message)  # the site's own sender
    return partial(mail.deliver, rt.mail, rt.settings, sent)
