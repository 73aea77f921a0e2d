"""Mail to a comment's author about a moderator's decision: featured, approved, rejected (with the
statement of reasons' summary), queued by services/outcomes.py (docs/notifications.md).

Composed when the job runs, so an address erased or a setting changed meanwhile is respected:
- an account: its confirmed address, unless its notification setting is `none` (the digest
  setting gets these at once: they are rare);
- a guest: the comment's address only when it is confirmed for reply notifications on that site
  (the same `notification_recipients` record, SECURITY 19); never an unconfirmed one.
Either way not after "stop all notifications from this site", nor after the recipient stopped
outcome mail with its one-click unsubscribe (RFC 8058). Plain text plus an escaped HTML part,
the site's sender, a link to the comment, in the reader's language.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.enums import CommentStatus
from rejoinder.domain.inbox import InboxKind, excerpt, statement_summary
from rejoinder.domain.notifications import ReplyMode
from rejoinder.i18n.outcome_mail import Translate, translator
from rejoinder.platform.tokens import account_key
from rejoinder.services import access, jobs, mail, reply_subscriptions
from rejoinder.services.outcomes import MAIL_JOB
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import Comment, DsaStatement, NotificationRecipient, Site, Story
from rejoinder.storage.repositories import accounts as account_repo
from rejoinder.storage.repositories import comments as comment_repo
from rejoinder.storage.repositories import dsa_statements as statement_repo
from rejoinder.storage.repositories import reply_notifications as recipient_repo
from rejoinder.storage.repositories import sites as site_repo
from rejoinder.storage.repositories import stories as story_repo

UNSUBSCRIBE_PATH = "/notifications/outcomes/unsubscribe"
KEY_PURPOSE = "outcomes"
EXCERPT_CHARS = 300
_STATUS = {
    InboxKind.FEATURED: CommentStatus.PUBLISHED,
    InboxKind.APPROVED: CommentStatus.PUBLISHED,
    InboxKind.REJECTED: CommentStatus.REJECTED,
}


@dataclass(frozen=True)
class Addressee:
    """Who is mailed, as services/mail.for_confirmed takes it."""

    name: str
    email: str | None
    email_verified_at: datetime | None
    language: str | None
    recipient: NotificationRecipient


@dataclass(frozen=True)
class Outcome:
    kind: InboxKind
    site: Site
    story: Story
    comment: Comment
    statement: DsaStatement | None


def stopped(recipient: NotificationRecipient) -> bool:
    return recipient.stopped_at is not None or recipient.outcomes_stopped_at is not None


async def _account_addressee(
    session: AsyncSession, rt: Runtime, site: Site, account_id: int
) -> Addressee | None:
    account = await account_repo.get(session, account_id)
    if account is None or account.email is None or account.email_verified_at is None:
        return None
    if await reply_subscriptions.account_mode(session, account.id) is ReplyMode.NONE:
        return None
    recipient = await recipient_repo.ensure_recipient(
        session, site.id, account_key(rt.signing_key, account.id), account.id, rt.now()
    )
    language = account.language or access.settings_of(site).dsa.language
    return Addressee(
        account.display_name, account.email, account.email_verified_at, language, recipient
    )


async def _guest_addressee(
    session: AsyncSession, rt: Runtime, site: Site, comment: Comment
) -> Addressee | None:
    """The guest's address, confirmed on the site for reply notifications, else nobody."""
    if comment.author_email is None:
        return None
    key = reply_subscriptions.guest_key(rt, comment.author_email)
    recipient = await recipient_repo.recipient_of(session, site.id, key)
    if recipient is None or recipient.confirmed_at is None:
        return None
    subscription = await recipient_repo.subscription_of_comment(session, comment.id)
    language = subscription.language if subscription else access.settings_of(site).dsa.language
    return Addressee(
        comment.author_name, comment.author_email, recipient.confirmed_at, language, recipient
    )


async def addressee_of(
    session: AsyncSession, rt: Runtime, site: Site, comment: Comment
) -> Addressee | None:
    """Who may be told about `comment` now, or None."""
    if comment.author_account_id is not None:
        found = await _account_addressee(session, rt, site, comment.author_account_id)
    else:
        found = await _guest_addressee(session, rt, site, comment)
    return None if found is None or stopped(found.recipient) else found


# --- the mail --------------------------------------------------------------------------------


def _link(outcome: Outcome) -> str:
    """The comment on its story page; a rejected one is not shown there: the story."""
    if outcome.kind is InboxKind.REJECTED:
        return outcome.story.url
    return f"{outcome.story.url}#comment-{outcome.comment.id}"


def _reason_lines(t: Translate, outcome: Outcome) -> list[str]:
    if outcome.statement is None:
        return []
    lines = []
    summary = statement_summary(outcome.statement.statement)
    if summary:
        lines.append(t("reasons", reason=summary))
    lines.append(t("reference", puid=outcome.statement.puid))
    dsa = access.settings_of(outcome.site).dsa
    where = dsa.redress_url or dsa.contact_email
    if where:
        lines.append(t("redress", where=where))
    return lines


def _see(t: Translate, outcome: Outcome) -> tuple[str, str]:
    """(the text line, the HTML link's words) of the link to the comment."""
    link = _link(outcome)
    if outcome.kind is InboxKind.REJECTED:
        return t("see_story", link=link), t("see_story_label")
    return t("see_comment", link=link), t("see_comment_label")


def _text(t: Translate, outcome: Outcome, name: str, stop_url: str) -> str:
    site = outcome.site.name
    lines = [t("greeting", name=name), "", t(f"{outcome.kind.value}_text", site=site), ""]
    lines += [t("your_comment"), excerpt(outcome.comment.body_html, EXCERPT_CHARS), ""]
    reasons = _reason_lines(t, outcome)
    lines += [*reasons, ""] if reasons else []
    lines += [_see(t, outcome)[0], ""]
    return "\n".join(lines) + "\n-- \n" + t("footer", site=site, link=stop_url)


def _html(t: Translate, outcome: Outcome, name: str, stop_url: str) -> str:
    """The HTML alternative: every field escaped, links only to the story and to us."""
    e = html.escape
    site = outcome.site.name
    parts = [
        f"<p>{e(t('greeting', name=name))}</p>",
        f"<p>{e(t(f'{outcome.kind.value}_text', site=site))}</p>",
        f"<p>{e(t('your_comment'))}</p>",
        f"<blockquote>{e(excerpt(outcome.comment.body_html, EXCERPT_CHARS))}</blockquote>",
    ]
    parts += [f"<p>{e(line)}</p>" for line in _reason_lines(t, outcome)]
    parts.append(f'<p><a href="{e(_link(outcome))}">{e(_see(t, outcome)[1])}</a></p>')
    footer = e(t("footer", site=site, link="").split("\n")[0])
    parts.append(f'<hr><p><small>{footer}<br><a href="{e(stop_url)}">{e(t("stop_label"))}</a>')
    parts.append("</small></p>")
    return f'<!doctype html><html lang="{e(t("lang"))}"><body>{"".join(parts)}</body></html>'


def compose(rt: Runtime, outcome: Outcome, to: Addressee) -> mail.Mail:
    t = translator(to.language)
    key = reply_subscriptions.recipient_link_key(rt, KEY_PURPOSE, to.recipient)
    stop_url = mail.link(rt.settings, UNSUBSCRIBE_PATH, key=key, lang=t("lang"))
    subject = t(f"{outcome.kind.value}_subject", site=outcome.site.name)
    composed = replace(
        mail.for_confirmed(to, subject, ""),
        body=_text(t, outcome, to.name, stop_url),
        html=_html(t, outcome, to.name, stop_url),
        headers=(
            ("List-Unsubscribe", f"<{stop_url}>"),
            ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
        ),
    )
    return reply_subscriptions.sender_of(rt, outcome.site, composed)


async def _outcome(session: AsyncSession, payload: jobs.Payload) -> Outcome | None:
    """The decision's outcome if the comment is still as it left it."""
    comment = await comment_repo.get(session, int(payload["comment_id"]))
    kind = InboxKind(payload["kind"])
    if comment is None or comment.status != _STATUS[kind]:
        return None  # decided otherwise since, or deleted
    site = await site_repo.get(session, comment.site_id)
    story = await story_repo.get_by_id(session, comment.story_id)
    if site is None or story is None:
        return None
    decision_id = payload.get("decision_id")
    statement = None
    if kind is InboxKind.REJECTED and decision_id is not None:
        statement = await statement_repo.for_decision(session, int(decision_id))
    return Outcome(kind, site, story, comment, statement)


@jobs.job(MAIL_JOB, max_attempts=12)
async def _mail_outcome(
    session: AsyncSession, rt: Runtime, payload: jobs.Payload
) -> jobs.Delivery | None:
    outcome = await _outcome(session, payload)
    if outcome is None:
        return None
    to = await addressee_of(session, rt, outcome.site, outcome.comment)
    if to is None:
        return None
    return partial(mail.deliver, rt.mail, rt.settings, compose(rt, outcome, to))


# --- unsubscribing ---------------------------------------------------------------------------


async def check_unsubscribe_key(session: AsyncSession, rt: Runtime, key: str) -> None:
    """Invalid unless the key is whole, signed and current (the page says so before a POST)."""
    await reply_subscriptions.recipient_of_link_key(session, rt, KEY_PURPOSE, key)


async def unsubscribe(session: AsyncSession, rt: Runtime, key: str, *, everything: bool) -> None:
    """Stop outcome mail to the key's recipient on its site, or (`everything`) every
    notification to it there. Idempotent."""
    recipient = await reply_subscriptions.recipient_of_link_key(session, rt, KEY_PURPOSE, key)
    if recipient.outcomes_stopped_at is None:
        recipient.outcomes_stopped_at = rt.now()
    if everything:
        await reply_subscriptions.stop_everything(session, rt, recipient)
    await session.flush()
