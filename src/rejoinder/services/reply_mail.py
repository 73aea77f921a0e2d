"""Mailing replies to the readers who asked for them (docs/notifications.md).

A published reply (a new one, or a held one a moderator approved) is looked at by a job
(`event.replies.notify`): if the parent's author asked for replies, is a confirmed recipient,
is not the replier, has not muted them and the replier is not banned, the reply becomes a
`reply_notices` row (once per reply: a unique pair) and a mail job is queued. The mail lists
every reply waiting for that recipient, so the hourly flood limit (`REJOINDER_REPLY_MAILS_PER_HOUR`)
delays mail without dropping replies: the excess comes in the next mail ("3 more replies").
Accounts that chose the daily digest get one mail a day from the periodic `replies.digest`.

The posting path pays for none of this unless the comment is a reply on a site where someone
asked for replies (`_may_be_wanted`: the row in the session and a per-process list of sites, no
statement per post); everything else is looked up in the job.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.util import identity_key

from rejoinder.domain.enums import CommentStatus
from rejoinder.domain.events import CommentPublished
from rejoinder.domain.notifications import FLOOD_WINDOW, ReplyMode, next_mail_at
from rejoinder.i18n.notifications import Translate, translator
from rejoinder.services import events, jobs, mail, reply_subscriptions
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import (
    Comment,
    NotificationRecipient,
    ReplyNotice,
    ReplySubscription,
    Site,
)
from rejoinder.storage.repositories import accounts as account_repo
from rejoinder.storage.repositories import comments as comment_repo
from rejoinder.storage.repositories import guest_bans as ban_repo
from rejoinder.storage.repositories import mutes as mute_repo
from rejoinder.storage.repositories import reply_notifications as repo
from rejoinder.storage.repositories import sites as site_repo
from rejoinder.storage.repositories import stories as story_repo
from rejoinder.storage.repositories import user_states as state_repo

MAIL_JOB = "replies.mail"
DIGEST_JOB = "replies.digest"
DIGEST_MAIL_JOB = "replies.digest_mail"
LISTED = 20  # replies named in one mail; the rest are counted
EXCERPT_CHARS = 300


# --- the posting path's check ----------------------------------------------------------------


def _loaded_comment(session: AsyncSession, comment_id: int) -> Comment | None:
    """The comment if this session holds it with its parent loaded (no query either way)."""
    found = session.sync_session.identity_map.get(identity_key(Comment, comment_id))
    if isinstance(found, Comment) and "parent_id" not in inspect(found).unloaded:
        return found
    return None


async def _may_be_wanted(session: AsyncSession, rt: Runtime, event: CommentPublished) -> bool:
    """No job for a top-level comment, nor on a site where nobody asked for replies."""
    row = _loaded_comment(session, event.comment_id)
    if row is not None and row.parent_id is None:
        return False
    max_age = rt.settings.reply_sites_cache_seconds
    return await rt.reply_sites.has_subscribers(session, event.site_id, max_age)


# --- a published reply -----------------------------------------------------------------------


def _same_author(parent: Comment, reply: Comment) -> bool:
    if parent.author_account_id is not None or reply.author_account_id is not None:
        return parent.author_account_id == reply.author_account_id
    same_key = parent.author_key is not None and parent.author_key == reply.author_key
    same_address = parent.author_email is not None and parent.author_email == reply.author_email
    return same_key or same_address


async def _unwelcome(session: AsyncSession, rt: Runtime, parent: Comment, reply: Comment) -> bool:
    """The replier is muted by the parent's author, or banned on the site."""
    replier = reply.author_account_id
    if replier is None:
        keys = (reply.author_key,) if reply.author_key else ()
        return (
            bool(keys) and await ban_repo.active(session, reply.site_id, keys, rt.now()) is not None
        )
    if parent.author_account_id is not None and await mute_repo.get(
        session, parent.author_account_id, replier
    ):
        return True
    return any(
        state.banned for state in await state_repo.applying_to(session, replier, reply.site_id)
    )


async def _deliverable(
    session: AsyncSession, rt: Runtime, subscription: ReplySubscription
) -> NotificationRecipient | None:
    """The subscription's recipient if mail may go to it now: a guest's confirmed address, an
    account's confirmed one; neither stopped."""
    if subscription.account_id is None:
        recipient = await repo.recipient_of(
            session, subscription.site_id, subscription.recipient_key
        )
        if recipient is None or reply_subscriptions.needs_confirmation(recipient):
            return None
        return recipient
    account = await account_repo.get(session, subscription.account_id)
    if account is None or account.email_verified_at is None:
        return None
    recipient = await repo.ensure_recipient(
        session, subscription.site_id, subscription.recipient_key, account.id, rt.now()
    )
    return None if recipient.stopped_at is not None else recipient


async def _mode(session: AsyncSession, subscription: ReplySubscription) -> ReplyMode:
    if subscription.account_id is None:
        return ReplyMode.EVERY  # a guest has no settings: unsubscribing is their "none"
    return await reply_subscriptions.account_mode(session, subscription.account_id)


@events.on(CommentPublished, "replies.notify", when=_may_be_wanted)
async def _reply_published(session: AsyncSession, rt: Runtime, event: CommentPublished) -> None:
    reply = await comment_repo.get(session, event.comment_id)
    if reply is None or reply.parent_id is None or reply.status != CommentStatus.PUBLISHED:
        return
    subscription = await repo.subscription_of_comment(session, reply.parent_id)
    if subscription is None or subscription.stopped_at is not None:
        return
    parent = await comment_repo.get(session, reply.parent_id)
    if (
        parent is None
        or _same_author(parent, reply)
        or await _unwelcome(session, rt, parent, reply)
    ):
        return
    recipient = await _deliverable(session, rt, subscription)
    mode = await _mode(session, subscription)
    if recipient is None or mode is ReplyMode.NONE:
        return
    notice = await repo.add_notice(
        session,
        {
            "recipient_id": recipient.id, "subscription_id": subscription.id,
            "reply_id": reply.id, "digest": mode is ReplyMode.DIGEST, "created_at": rt.now(),
        },
    )  # fmt: skip
    if notice is not None and mode is ReplyMode.EVERY:
        await _queue_mail(session, rt, recipient.id)


async def _queue_mail(session: AsyncSession, rt: Runtime, recipient_id: int) -> None:
    """One mail job per batch of waiting replies (keyed by the oldest), due when the flood
    limit lets the next mail go."""
    waiting = await repo.waiting(session, recipient_id, digest=False)
    if not waiting:
        return
    now = rt.now()
    sent = await repo.mails_since(session, recipient_id, now - FLOOD_WINDOW)
    due = next_mail_at(sent, rt.settings.reply_mails_per_hour, now)
    key = f"replies.mail:{recipient_id}:{waiting[0].id}"
    payload = {"recipient_id": recipient_id}
    await jobs.enqueue(session, rt, MAIL_JOB, payload, key=key, delay=due - now)


# --- the mail --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One reply as a mail names it."""

    notice: ReplyNotice
    subscription: ReplySubscription
    reply: Comment
    link: str


async def _items(session: AsyncSession, notices: Sequence[ReplyNotice]) -> list[Item]:
    """The waiting replies still worth mailing: still published, subscription not stopped."""
    items = []
    for notice in notices:
        subscription = await repo.subscription(session, notice.subscription_id)
        reply = await comment_repo.get(session, notice.reply_id)
        if subscription is None or subscription.stopped_at is not None or reply is None:
            continue
        story = await story_repo.get_by_id(session, reply.story_id)
        if reply.status == CommentStatus.PUBLISHED and story is not None:
            items.append(Item(notice, subscription, reply, f"{story.url}#comment-{reply.id}"))
    return items


@dataclass(frozen=True)
class Addressee:
    """A recipient as services/mail.for_confirmed takes it (SECURITY 19)."""

    email: str | None
    email_verified_at: datetime | None


async def _address(
    session: AsyncSession, recipient: NotificationRecipient, subscription: ReplySubscription
) -> tuple[Addressee, str]:
    """Where to and in which language: read now, so an erased address gets nothing."""
    if subscription.account_id is None:
        comment = await comment_repo.get(session, subscription.comment_id)
        email = comment.author_email if comment else None
        return Addressee(email, recipient.confirmed_at), subscription.language
    account = await account_repo.get(session, subscription.account_id)
    if account is None:
        return Addressee(None, None), subscription.language
    return Addressee(account.email, account.email_verified_at), (
        account.language or subscription.language
    )


def _excerpt(reply: Comment) -> str:
    text = " ".join(reply.body_src.split())
    return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1] + "…"


def _subject(t: Translate, site: Site, items: Sequence[Item], digest: bool) -> str:
    if digest:
        return t("digest_subject", site=site.name, count=len(items))
    if len(items) == 1:
        return t("reply_subject", site=site.name, name=items[0].reply.author_name)
    return t("replies_subject", site=site.name, count=len(items))


def _text(t: Translate, site: Site, items: Sequence[Item], stop_url: str) -> str:
    first, rest = items[0], items[1:]
    lines = [t("reply_line", name=first.reply.author_name), "", _excerpt(first.reply), ""]
    lines += [t("read_reply", link=first.link), ""]
    if rest:
        lines.append(t("more_replies", count=len(rest)))
        lines += [f"- {item.reply.author_name}: {item.link}" for item in rest[:LISTED]]
        lines.append("")
    return "\n".join(lines) + "\n-- \n" + t("footer", site=site.name, link=stop_url)


def _html(t: Translate, site: Site, items: Sequence[Item], stop_url: str) -> str:
    """The HTML alternative: every field escaped, links only to the story and to us."""
    e = html.escape
    first, rest = items[0], items[1:]
    parts = [
        f"<p><strong>{e(t('reply_line', name=first.reply.author_name))}</strong></p>",
        f"<blockquote>{e(_excerpt(first.reply))}</blockquote>",
        f'<p><a href="{e(first.link)}">{e(t("read_reply", link="").rstrip(": "))}</a></p>',
    ]
    if rest:
        parts.append(f"<p>{e(t('more_replies', count=len(rest)))}</p><ul>")
        parts += [
            f'<li><a href="{e(item.link)}">{e(item.reply.author_name)}</a></li>'
            for item in rest[:LISTED]
        ]
        parts.append("</ul>")
    footer = e(t("footer", site=site.name, link="").split("\n")[0])
    parts.append(f'<hr><p><small>{footer}<br><a href="{e(stop_url)}">{e(t("stop_label"))}</a>')
    parts.append("</small></p>")
    return f'<!doctype html><html lang="{e(t("lang"))}"><body>{"".join(parts)}</body></html>'


async def _compose(
    session: AsyncSession,
    rt: Runtime,
    recipient: NotificationRecipient,
    items: Sequence[Item],
    digest: bool,
) -> mail.Mail | None:
    site = await site_repo.get(session, recipient.site_id)
    addressee, language = await _address(session, recipient, items[0].subscription)
    if site is None or addressee.email is None or addressee.email_verified_at is None:
        return None
    t = translator(language)
    key = reply_subscriptions.unsubscribe_key(rt, items[0].subscription)
    stop_url = mail.link(rt.settings, reply_subscriptions.UNSUBSCRIBE_PATH, key=key, lang=t("lang"))
    composed = replace(
        mail.for_confirmed(addressee, _subject(t, site, items, digest), ""),
        body=_text(t, site, items, stop_url),
        html=_html(t, site, items, stop_url),
        headers=(
            ("List-Unsubscribe", f"<{stop_url}>"),
            ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
        ),
    )
    return reply_subscriptions.sender_of(rt, site, composed)


async def _mail_waiting(
    session: AsyncSession, rt: Runtime, recipient_id: int, *, digest: bool
) -> jobs.Delivery | None:
    """One mail listing the recipient's waiting replies; recorded as sent only once it went."""
    recipient = await repo.recipient(session, recipient_id)
    notices = await repo.waiting(session, recipient_id, digest=digest)
    if recipient is None or not notices:
        return None
    now = rt.now()
    due = next_mail_at(
        await repo.mails_since(session, recipient_id, now - FLOOD_WINDOW),
        rt.settings.reply_mails_per_hour,
        now,
    )
    if not digest and due > now:  # over the limit: the same replies, later, in one mail
        payload, key = (
            {"recipient_id": recipient_id},
            f"replies.mail:{recipient_id}@{due.timestamp()}",
        )
        await jobs.enqueue(session, rt, MAIL_JOB, payload, key=key, delay=due - now)
        return None
    items = await _items(session, notices)
    message = await _compose(session, rt, recipient, items, digest) if items else None
    if message is None or recipient.stopped_at is not None:
        await repo.mark_mailed(session, [n.id for n in notices], now)  # nothing to send: done
        return None
    return partial_delivery(rt, message, recipient_id, [n.id for n in notices], digest)


def partial_delivery(
    rt: Runtime, message: mail.Mail, recipient_id: int, notice_ids: list[int], digest: bool
) -> jobs.Delivery:
    async def record(session: AsyncSession, rt: Runtime) -> None:
        await repo.mark_mailed(session, notice_ids, rt.now())
        await repo.record_mail(session, recipient_id, rt.now())
        if not digest:
            await _queue_mail(session, rt, recipient_id)  # replies that came meanwhile

    async def deliver() -> jobs.Record:
        await mail.deliver(rt.mail, rt.settings, message)
        return record

    return deliver


@jobs.job(MAIL_JOB, max_attempts=12)
async def _mail_replies(
    session: AsyncSession, rt: Runtime, payload: jobs.Payload
) -> jobs.Delivery | None:
    return await _mail_waiting(session, rt, int(payload["recipient_id"]), digest=False)


@jobs.job(DIGEST_MAIL_JOB, max_attempts=12)
async def _mail_digest(
    session: AsyncSession, rt: Runtime, payload: jobs.Payload
) -> jobs.Delivery | None:
    return await _mail_waiting(session, rt, int(payload["recipient_id"]), digest=True)


@jobs.job(DIGEST_JOB, every=timedelta(days=1))
async def _daily_digests(session: AsyncSession, rt: Runtime, _payload: jobs.Payload) -> None:
    """Once a day (UTC): a digest mail job for each recipient with replies waiting for one."""
    day = int(rt.now().timestamp() // 86_400)
    for recipient_id in await repo.recipients_with_digests(session):
        payload, key = {"recipient_id": recipient_id}, f"replies.digest:{recipient_id}:{day}"
        await jobs.enqueue(session, rt, DIGEST_MAIL_JOB, payload, key=key)
