"""Asking for replies: the opt-in when posting, a guest's double opt-in, unsubscribing, and an
account's choice of every reply, a daily digest or none (docs/notifications.md).

A guest's address gets nothing until its owner confirms it (SECURITY 19): the one mail before
that asks them to, through a page that acts on POST only (SECURITY 22, http/notification_pages.py).
One confirmation covers every later comment from that address on that site. Replies published
while an address is unconfirmed are not kept for later: confirming sends nothing retroactively.
An account uses its own confirmed address. Addresses are never stored here, only keyed hashes
(`recipient_key`), and never logged.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from datetime import timedelta
from functools import partial

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.errors import Invalid, TooManyRequests
from rejoinder.domain.notifications import ReplyMode
from rejoinder.domain.principal import Principal
from rejoinder.i18n.locales import supported
from rejoinder.i18n.notifications import translator
from rejoinder.platform.secrets import same_secret, secret_hash
from rejoinder.platform.tokens import account_key, identity_hash
from rejoinder.services import access, dsa, jobs, mail
from rejoinder.services.after_commit import after_commit
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import Comment, NotificationRecipient, ReplySubscription, Site
from rejoinder.storage.repositories import comments as comment_repo
from rejoinder.storage.repositories import reply_notifications as repo
from rejoinder.storage.repositories import sites as site_repo

log = logging.getLogger(__name__)

OPTED_IN_JOB = "replies.opted_in"
CONFIRM_MAIL_JOB = "replies.confirmation_mail"
CONFIRM_PATH = "/notifications/confirm"
UNSUBSCRIBE_PATH = "/notifications/unsubscribe"
CONFIRM_LIFETIME = timedelta(days=7)
UNSUBSCRIBE_LIFETIME = timedelta(days=90)  # SECURITY 22: keys expire; each mail has a fresh one
NEEDS_ADDRESS = "author_email: a guest needs an email address to be notified of replies."
_KEY = re.compile(r"(\d{1,18})-(\d{1,12})-([0-9a-f]{32})")


def guest_key(rt: Runtime, address: str) -> str:
    return identity_hash(rt.signing_key, "email", address)


def check_opt_in(account_id: int | None, email: str | None) -> None:
    """A guest who asks for replies must give an address (422 naming the field)."""
    if account_id is None and email is None:
        raise Invalid(NEEDS_ADDRESS)


def _language(site: Site, asked: str | None) -> str:
    return supported(asked) or dsa.settings_of(site).language


async def opt_in(
    session: AsyncSession, rt: Runtime, site: Site, comment: Comment, language: str | None
) -> None:
    """In the posting transaction: the comment's subscription, and for a guest the job that
    decides whether its address needs a confirmation mail (looked up there, not here)."""
    is_guest = comment.author_account_id is None
    if is_guest:
        assert comment.author_email is not None
        key = guest_key(rt, comment.author_email)
    else:
        assert comment.author_account_id is not None
        key = account_key(rt.signing_key, comment.author_account_id)
    repo.add_subscription(
        session,
        ReplySubscription(
            site_id=site.id, comment_id=comment.id, account_id=comment.author_account_id,
            recipient_key=key, language=_language(site, language), created_at=rt.now(),
        ),
    )  # fmt: skip
    if is_guest:
        payload = {"comment_id": comment.id}
        await jobs.enqueue(session, rt, OPTED_IN_JOB, payload, key=f"replies.opt_in:{comment.id}")
    after_commit(session, rt.reply_sites.forget)


# --- a guest's double opt-in -----------------------------------------------------------------


def needs_confirmation(recipient: NotificationRecipient) -> bool:
    return recipient.confirmed_at is None or recipient.stopped_at is not None


async def _may_mail(rt: Runtime, address: str) -> bool:
    """The per-address cap on mail (shared with account mail): comments naming someone else's
    address cannot flood their inbox with confirmations."""
    try:
        await rt.limiter.hit("mail", email=guest_key(rt, address))
    except TooManyRequests:
        log.info("A reply notification's confirmation mail was skipped: too many to one address.")
        return False
    return True


@jobs.job(OPTED_IN_JOB)
async def _opted_in(session: AsyncSession, rt: Runtime, payload: jobs.Payload) -> None:
    """A guest asked for replies: a confirmation mail unless the address is confirmed on the
    site or one was sent within its lifetime (one pending confirmation per address)."""
    comment = await comment_repo.get(session, int(payload["comment_id"]))
    subscription = await repo.subscription_of_comment(session, int(payload["comment_id"]))
    if comment is None or comment.author_email is None or subscription is None:
        return  # deleted meanwhile
    recipient = await repo.ensure_recipient(
        session, subscription.site_id, subscription.recipient_key, None, rt.now()
    )
    sent = recipient.confirmation_sent_at
    if not needs_confirmation(recipient) or (sent and sent > rt.now() - CONFIRM_LIFETIME):
        return
    if await _may_mail(rt, comment.author_email):
        recipient.confirmation_sent_at = rt.now()
        await jobs.enqueue(
            session,
            rt,
            CONFIRM_MAIL_JOB,
            {"recipient_id": recipient.id, "comment_id": comment.id},
            key=f"replies.confirmation:{recipient.id}:{comment.id}",
        )


def _mac(rt: Runtime, purpose: str, row_id: int, recipient_key: str, expires: int) -> str:
    return secret_hash(rt.signing_key, f"{purpose}:{row_id}:{recipient_key}:{expires}")[:32]


def _signed(rt: Runtime, purpose: str, row_id: int, recipient_key: str, life: timedelta) -> str:
    """A key bound to one row, its recipient and an expiry, signed with the install secret:
    nothing to store, and it acts on nothing but that row."""
    expires = int((rt.now() + life).timestamp())
    return f"{row_id}-{expires}-{_mac(rt, purpose, row_id, recipient_key, expires)}"


def _row_of_key(rt: Runtime, key: str) -> tuple[int, int, str]:
    parts = _KEY.fullmatch(key)
    if parts is None or int(parts[2]) < rt.now().timestamp():
        raise Invalid(mail_link_not_valid())
    return int(parts[1]), int(parts[2]), parts[3]


def mail_link_not_valid() -> str:
    return "This link is not valid: it has expired, or it is not the whole link."


@jobs.job(CONFIRM_MAIL_JOB, max_attempts=12)
async def _confirmation_mail(
    session: AsyncSession, rt: Runtime, payload: jobs.Payload
) -> jobs.Delivery | None:
    """Composed when it runs (a fresh key), sent after commit; nothing if confirmed meanwhile."""
    recipient = await repo.recipient(session, int(payload["recipient_id"]))
    comment = await comment_repo.get(session, int(payload["comment_id"]))
    subscription = await repo.subscription_of_comment(session, int(payload["comment_id"]))
    if recipient is None or comment is None or comment.author_email is None:
        return None
    site = await site_repo.get(session, recipient.site_id)
    if site is None or subscription is None or not needs_confirmation(recipient):
        return None
    t = translator(subscription.language)
    token = _signed(rt, "confirm", recipient.id, recipient.recipient_key, CONFIRM_LIFETIME)
    url = mail.link(rt.settings, CONFIRM_PATH, lang=t("lang"), token=token)
    message = mail.for_unconfirmed(
        comment.author_email,
        t("confirm_subject", site=site.name),
        t("confirm_body", link=url, site=site.name),
    )
    return partial(mail.deliver, rt.mail, rt.settings, sender_of(rt, site, message))


def sender_of(rt: Runtime, site: Site, message: mail.Mail) -> mail.Mail:
    """The site's own sender (`mail_from` in its settings), else the install's."""
    return replace(message, sender=access.settings_of(site).mail_from or rt.settings.mail_from)


async def confirm(session: AsyncSession, rt: Runtime, key: str) -> None:
    """The guest confirmed the address for the site: replies from now on are mailed (and a
    stop of all notifications is lifted). Confirming again changes nothing."""
    row_id, expires, mac = _row_of_key(rt, key)
    recipient = await repo.recipient(session, row_id)
    if recipient is None or not same_secret(
        mac, _mac(rt, "confirm", row_id, recipient.recipient_key, expires)
    ):
        raise Invalid(mail_link_not_valid())
    if needs_confirmation(recipient):
        recipient.confirmed_at, recipient.stopped_at = rt.now(), None
        after_commit(session, rt.reply_sites.forget)


# --- unsubscribing ---------------------------------------------------------------------------


def unsubscribe_key(rt: Runtime, subscription: ReplySubscription) -> str:
    return _signed(
        rt, "unsubscribe", subscription.id, subscription.recipient_key, UNSUBSCRIBE_LIFETIME
    )


async def _subscription_of_key(session: AsyncSession, rt: Runtime, key: str) -> ReplySubscription:
    row_id, expires, mac = _row_of_key(rt, key)
    found = await repo.subscription(session, row_id)
    if found is None or not same_secret(
        mac, _mac(rt, "unsubscribe", row_id, found.recipient_key, expires)
    ):
        raise Invalid(mail_link_not_valid())
    return found


async def check_unsubscribe_key(session: AsyncSession, rt: Runtime, key: str) -> None:
    """Invalid unless the key is whole, signed and current (the page says so before a POST)."""
    await _subscription_of_key(session, rt, key)


async def unsubscribe(session: AsyncSession, rt: Runtime, key: str, *, everything: bool) -> None:
    """Stop mail about replies to the key's comment, or (`everything`) every notification to
    its recipient on the site; replies waiting to be mailed are not mailed. Idempotent."""
    subscription = await _subscription_of_key(session, rt, key)
    now = rt.now()
    if subscription.stopped_at is None:
        subscription.stopped_at = now
    if everything:
        await repo.stop_subscriptions_of(
            session, subscription.site_id, subscription.recipient_key, now
        )
        recipient = await repo.recipient_of(
            session, subscription.site_id, subscription.recipient_key
        )
        if recipient is not None and recipient.stopped_at is None:
            recipient.stopped_at = now
    await session.flush()


# --- keys for a recipient's other mail (services/outcome_mail.py) ---------------------------


def recipient_link_key(rt: Runtime, purpose: str, recipient: NotificationRecipient) -> str:
    """A key, for a mail link about `purpose`, bound to the recipient row and expiring as an
    unsubscribe key does."""
    return _signed(rt, purpose, recipient.id, recipient.recipient_key, UNSUBSCRIBE_LIFETIME)


async def recipient_of_link_key(
    session: AsyncSession, rt: Runtime, purpose: str, key: str
) -> NotificationRecipient:
    """The recipient a `recipient_link_key` names; Invalid unless whole, signed and current."""
    row_id, expires, mac = _row_of_key(rt, key)
    found = await repo.recipient(session, row_id)
    if found is None or not same_secret(
        mac, _mac(rt, purpose, row_id, found.recipient_key, expires)
    ):
        raise Invalid(mail_link_not_valid())
    return found


async def stop_everything(
    session: AsyncSession, rt: Runtime, recipient: NotificationRecipient
) -> None:
    """Stop all notifications for the recipient on its site: replies and outcome mail."""
    now = rt.now()
    await repo.stop_subscriptions_of(session, recipient.site_id, recipient.recipient_key, now)
    if recipient.stopped_at is None:
        recipient.stopped_at = now
    await session.flush()


# --- an account's choice ---------------------------------------------------------------------


async def account_mode(session: AsyncSession, account_id: int) -> ReplyMode:
    """Every reply unless the account chose otherwise (it opts in per comment anyway)."""
    row = await repo.setting(session, account_id)
    return ReplyMode(row.reply_notifications) if row is not None else ReplyMode.EVERY


async def mode_of(session: AsyncSession, principal: Principal) -> ReplyMode:
    account = await access.access_own_account(session, principal)
    return await account_mode(session, account.id)


async def set_mode(
    session: AsyncSession, rt: Runtime, principal: Principal, mode: ReplyMode
) -> ReplyMode:
    account = await access.access_own_account(session, principal)
    await repo.put_setting(session, account.id, mode.value, rt.now())
    return mode
