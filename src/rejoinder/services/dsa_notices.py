"""Notices of illegal content (EU DSA Art. 16) and the mail to whoever sent one.

A notice is a report with reason `illegal`, a legal ground and an explanation (`reports.py`).
Its sender may give an address: it gets mail only once confirmed (double opt-in, SECURITY 19).
Until then the one mail it gets asks to confirm it, through a page that acts on POST only
(SECURITY 22, `http/dsa_pages.py`); an address already confirmed on the site by an earlier
notice needs no new confirmation. A confirmed sender is told that the notice arrived (Art.
16(4)) and, when a moderator decides on the comment, the decision (Art. 16(5)).

The request that files a notice looks nothing up about the address: a durable job decides
between the confirmation and the acknowledgement, and every mail is a job of its own, retried
while SMTP is down, sent only if it still makes sense when it runs.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.enums import DecisionAction, ReportReason
from rejoinder.domain.errors import Invalid, TooManyRequests
from rejoinder.domain.events import CommentDecided
from rejoinder.i18n.dsa import translator
from rejoinder.platform.secrets import same_secret, secret_hash
from rejoinder.platform.tokens import identity_hash
from rejoinder.services import dsa, events, jobs, mail
from rejoinder.services.mail import Mail, link
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import Report, Site
from rejoinder.storage.repositories import decisions as decision_repo
from rejoinder.storage.repositories import dsa_statements as statement_repo
from rejoinder.storage.repositories import reports as report_repo
from rejoinder.storage.repositories import sites as site_repo

log = logging.getLogger(__name__)

NOTICE_JOB = "dsa.notice_filed"
MAIL_JOB = "dsa.notifier_mail"
CONFIRM, ACK, DECISION = "confirm", "ack", "decision"
CONFIRM_PATH = "/dsa/notices/confirm"
CONFIRM_LIFETIME = timedelta(hours=48)
LINK_NOT_VALID = "This link is not valid: it has expired, or it is not the whole link."
_KEY = re.compile(r"(\d{1,18})-(\d{1,12})-([0-9a-f]{32})")


@dataclass(frozen=True)
class Notifier:
    """A notice's sender as a mail recipient (services/mail.MailRecipient)."""

    email: str | None
    email_verified_at: datetime | None


def reference(site: Site, report: Report) -> str:
    """What the sender and the site call the notice."""
    return f"{site.slug}-notice-{report.id}"


async def queue(session: AsyncSession, rt: Runtime, report: Report) -> None:
    """In the notice's transaction: the job that mails its sender, if an address was given."""
    if report.reporter_email is not None:
        await jobs.enqueue(
            session, rt, NOTICE_JOB, {"report_id": report.id}, key=f"dsa.notice:{report.id}"
        )


async def _queue_mail(session: AsyncSession, rt: Runtime, report: Report, purpose: str) -> None:
    await jobs.enqueue(
        session,
        rt,
        MAIL_JOB,
        {"report_id": report.id, "purpose": purpose},
        key=f"dsa.{purpose}:{report.id}",
    )


async def _may_mail(rt: Runtime, address: str) -> bool:
    """The per-address cap on mail (shared with account mail): a flood of notices naming
    someone else's address cannot flood their inbox."""
    try:
        await rt.limiter.hit("mail", email=identity_hash(rt.signing_key, "email", address))
    except TooManyRequests:
        log.info("A notice's confirmation mail was skipped: too many mails to one address.")
        return False
    return True


@jobs.job(NOTICE_JOB)
async def _notice_filed(session: AsyncSession, rt: Runtime, payload: jobs.Payload) -> None:
    report = await report_repo.get(session, int(payload["report_id"]))
    if report is None or report.reporter_email is None or report.reporter_email_confirmed_at:
        return
    if await report_repo.address_confirmed_on_site(session, report.site_id, report.reporter_email):
        report.reporter_email_confirmed_at = rt.now()
        await _queue_mail(session, rt, report, ACK)
    elif await _may_mail(rt, report.reporter_email):
        await _queue_mail(session, rt, report, CONFIRM)


# --- the confirmation link -------------------------------------------------------------------


def _mac(rt: Runtime, report_id: int, address: str, expires: int) -> str:
    return secret_hash(rt.signing_key, f"dsa-notice:{report_id}:{address}:{expires}")[:32]


def confirmation_key(rt: Runtime, report: Report) -> str:
    """A key bound to the notice, its address and an expiry, signed with the install secret:
    nothing to store, and it confirms nothing but that address for that site."""
    assert report.reporter_email is not None
    expires = int((rt.now() + CONFIRM_LIFETIME).timestamp())
    return f"{report.id}-{expires}-{_mac(rt, report.id, report.reporter_email, expires)}"


async def _report_of_key(session: AsyncSession, rt: Runtime, key: str) -> Report:
    parts = _KEY.fullmatch(key)
    if parts is None or int(parts[2]) < rt.now().timestamp():
        raise Invalid(LINK_NOT_VALID)
    report = await report_repo.get(session, int(parts[1]))
    address = report.reporter_email if report else None
    if report is None or address is None:
        raise Invalid(LINK_NOT_VALID)
    if not same_secret(parts[3], _mac(rt, report.id, address, int(parts[2]))):
        raise Invalid(LINK_NOT_VALID)
    return report


async def confirm(session: AsyncSession, rt: Runtime, key: str) -> Report:
    """The sender confirmed the address: it holds for every notice it sent this site, each of
    which is acknowledged now. Confirming again changes nothing."""
    report = await _report_of_key(session, rt, key)
    assert report.reporter_email is not None
    for each in await report_repo.unconfirmed_of_address(
        session, report.site_id, report.reporter_email
    ):
        each.reporter_email_confirmed_at = rt.now()
        await _queue_mail(session, rt, each, ACK)
    return report


# --- the decision, told to the notices' senders ------------------------------------------------


@events.on(CommentDecided, "dsa.tell_notifiers")
async def _tell_notifiers(session: AsyncSession, rt: Runtime, event: CommentDecided) -> None:
    decisions = await decision_repo.for_comment(session, event.comment_id)
    decision = next((d for d in decisions if d.id == event.decision_id), None)
    if decision is None:
        return
    for report in await report_repo.confirmed_notices_before(
        session, event.comment_id, ReportReason.ILLEGAL, decision.created_at
    ):
        await jobs.enqueue(
            session,
            rt,
            MAIL_JOB,
            {"report_id": report.id, "purpose": DECISION, "decision_id": decision.id},
            key=f"dsa.decision:{decision.id}:{report.id}",
        )


# --- the mail ----------------------------------------------------------------------------------


async def _compose(
    session: AsyncSession, rt: Runtime, site: Site, report: Report, payload: jobs.Payload
) -> Mail | None:
    assert report.reporter_email is not None
    t = translator(report.reporter_language or dsa.settings_of(site).language)
    fields = {"site": site.name, "comment": report.comment_id, "reference": reference(site, report)}
    purpose = payload["purpose"]
    if purpose == CONFIRM:
        url = link(rt.settings, CONFIRM_PATH, lang=t("lang"), token=confirmation_key(rt, report))
        body = t("confirm_body", link=url, **fields)
        return mail.for_unconfirmed(report.reporter_email, t("confirm_subject", **fields), body)
    notifier = Notifier(report.reporter_email, report.reporter_email_confirmed_at)
    if purpose == ACK:
        body = t("ack_body", legal_ground=report.legal_ground, **fields)
        return mail.for_confirmed(notifier, t("ack_subject", **fields), body)
    decision_id = int(payload["decision_id"])
    decisions = await decision_repo.for_comment(session, report.comment_id)
    decision = next((d for d in decisions if d.id == decision_id), None)
    if decision is None:
        return None
    statement = await statement_repo.for_decision(session, decision_id)
    removed = decision.action == DecisionAction.REJECT
    body = t(
        "decision_body",
        outcome=t("outcome_removed" if removed else "outcome_kept"),
        ground=dsa.ground_text(t, statement.statement) if statement else "",
        redress=dsa.redress_text(t, dsa.settings_of(site)),
        **fields,
    )
    return mail.for_confirmed(notifier, t("decision_subject", **fields), body)


def _still_wanted(report: Report, purpose: str) -> bool:
    if report.reporter_email is None:
        return False  # erased meanwhile
    confirmed = report.reporter_email_confirmed_at is not None
    return not confirmed if purpose == CONFIRM else confirmed


@jobs.job(MAIL_JOB, max_attempts=12)
async def _mail_notifier(
    session: AsyncSession, rt: Runtime, payload: jobs.Payload
) -> jobs.Delivery | None:
    """The job: composed when it runs (a confirmation with a fresh key), sent after commit."""
    report = await report_repo.get(session, int(payload["report_id"]))
    if report is None or not _still_wanted(report, str(payload["purpose"])):
        return None
    site = await site_repo.get(session, report.site_id)
    message = await _compose(session, rt, site, report, payload) if site else None
    return partial(mail.deliver, rt.mail, rt.settings, message) if message else None
