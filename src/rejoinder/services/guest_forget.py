"""A guest's "forget me": erase what a site keeps of an email address a guest commented with.

`POST /api/v1/sites/{site}/guests/forget {email}` answers 202 at once, whatever the address
(nothing is looked up while the reader waits, so the answer tells nobody whether the address
commented there); the request is counted per client, network and address (`forget.*`). A job
then looks the address up and, only if the site has comments or reply subscriptions of it,
mails it a link (within the per-address mail cap). The link opens a page (http/my_pages.py)
that shows what will happen and a button; only the button's POST erases (SECURITY 22).

Erasing: every comment written with the address as a guest on the site is deleted as its
author would delete it (a tombstone holds the replies together, nothing personal stays), and
the address's reply subscriptions and its confirmation are removed; the audit log keeps one
`guest_email.forget` entry with the counts. Reports sent as a DSA notice keep their sender's
address: a notice is a legal record of the site (docs/accounts.md).

The link's key is signed, not stored: it names one row that carries the address (the newest
comment written with it, or, with none, its newest reply subscription), an expiry 24 hours on,
and an HMAC over both and the address with the install secret. Erasing clears that row, so a
key works once; a key for a row that changed owner or address is refused.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.accounts import clean_email
from rejoinder.domain.enums import CommentStatus
from rejoinder.domain.errors import Invalid, TooManyRequests
from rejoinder.i18n.my_comments import translator
from rejoinder.platform.rate_limits import network_of
from rejoinder.platform.secrets import same_secret, secret_hash
from rejoinder.services import access, audit, comments, dsa, jobs, mail, reply_subscriptions
from rejoinder.services.after_commit import after_commit
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import Comment, Site
from rejoinder.storage.repositories import comments as comment_repo
from rejoinder.storage.repositories import guest_data as repo
from rejoinder.storage.repositories import sites as site_repo

log = logging.getLogger(__name__)

REQUEST_JOB = "guests.forget_requested"
MAIL_JOB = "guests.forget_mail"
PAGE_PATH = "/guests/forget"
LIFETIME = timedelta(hours=24)
REQUEST_ACTION = "forget"  # its rate limits: `forget.ip`, `forget.net`, `forget.email`
COMMENT, SUBSCRIPTION = "c", "s"
LINK_NOT_VALID = (
    "This link is not valid any more: it was used already or has expired, or it is not the "
    "whole link."
)
GUEST = audit.Actor("guest", None, "guest (by a mailed link)")
_KEY = re.compile(r"([cs])(\d{1,18})-(\d{1,12})-([0-9a-f]{32})")


@dataclass(frozen=True)
class Anchor:
    """The row a key names: `c` a comment (identity: its address), `s` a reply subscription
    (identity: the address's keyed hash)."""

    kind: str
    row_id: int
    site_id: int
    identity: str


@dataclass(frozen=True)
class Forgettable:
    """What a live key would erase: the site, the address (None when only its hash is known),
    its keyed hash, how many comments would go."""

    site: Site
    address: str | None
    recipient_key: str
    comments: int


# --- the request -------------------------------------------------------------------------------


async def request(
    session: AsyncSession, rt: Runtime, site_slug: str, email: str, ip: str, origin: str | None
) -> None:
    """Count and queue; the same answer and the same work for every address."""
    address = clean_email(email)
    key = reply_subscriptions.guest_key(rt, address)
    await rt.limiter.hit(REQUEST_ACTION, ip=ip, net=network_of(ip), email=key)
    site = await access.access_site_for_write(session, site_slug, origin)
    await jobs.enqueue(session, rt, REQUEST_JOB, {"site_id": site.id, "email": address})


async def _anchor(session: AsyncSession, rt: Runtime, site_id: int, address: str) -> Anchor | None:
    comment = await repo.newest_comment_of_address(session, site_id, address)
    if comment is not None:
        return Anchor(COMMENT, comment.id, site_id, address)
    recipient_key = reply_subscriptions.guest_key(rt, address)
    subscription = await repo.newest_subscription(session, site_id, recipient_key)
    if subscription is not None:
        return Anchor(SUBSCRIPTION, subscription.id, site_id, recipient_key)
    return None


async def _may_mail(rt: Runtime, address: str) -> bool:
    try:
        await rt.limiter.hit("mail", email=reply_subscriptions.guest_key(rt, address))
    except TooManyRequests:
        log.info("A forget-me mail was skipped: too many mails to one address.")
        return False
    return True


@jobs.job(REQUEST_JOB)
async def _requested(session: AsyncSession, rt: Runtime, payload: jobs.Payload) -> None:
    """A mail only if the site keeps something of the address (and within the mail cap)."""
    site_id, address = int(payload["site_id"]), str(payload["email"])
    if await _anchor(session, rt, site_id, address) is None:
        return
    if await _may_mail(rt, address):
        await jobs.enqueue(session, rt, MAIL_JOB, {"site_id": site_id, "email": address})


# --- the key -----------------------------------------------------------------------------------


def _mac(rt: Runtime, anchor: Anchor, expires: int) -> str:
    text = f"forget:{anchor.site_id}:{anchor.kind}:{anchor.row_id}:{anchor.identity}:{expires}"
    return secret_hash(rt.signing_key, text)[:32]


def _key(rt: Runtime, anchor: Anchor) -> str:
    expires = int((rt.now() + LIFETIME).timestamp())
    return f"{anchor.kind}{anchor.row_id}-{expires}-{_mac(rt, anchor, expires)}"


async def _anchor_of_row(session: AsyncSession, kind: str, row_id: int) -> Anchor | None:
    """The row a key names, as it is now: None once erased (or never a guest's)."""
    if kind == COMMENT:
        comment = await comment_repo.get(session, row_id)
        if comment is None or comment.author_account_id is not None or not comment.author_email:
            return None
        return Anchor(COMMENT, comment.id, comment.site_id, comment.author_email)
    subscription = await repo.subscription(session, row_id)
    if subscription is None or subscription.account_id is not None:
        return None
    return Anchor(SUBSCRIPTION, subscription.id, subscription.site_id, subscription.recipient_key)


async def _anchor_of_key(session: AsyncSession, rt: Runtime, key: str) -> Anchor:
    parts = _KEY.fullmatch(key)
    if parts is None or int(parts[3]) < rt.now().timestamp():
        raise Invalid(LINK_NOT_VALID)
    anchor = await _anchor_of_row(session, parts[1], int(parts[2]))
    if anchor is None or not same_secret(parts[4], _mac(rt, anchor, int(parts[3]))):
        raise Invalid(LINK_NOT_VALID)
    return anchor


# --- the mail ----------------------------------------------------------------------------------


@jobs.job(MAIL_JOB, max_attempts=12)
async def _mail(session: AsyncSession, rt: Runtime, payload: jobs.Payload) -> jobs.Delivery | None:
    """Composed when it runs (a key for the address's newest row then); nothing if erased."""
    site = await site_repo.get(session, int(payload["site_id"]))
    address = str(payload["email"])
    anchor = await _anchor(session, rt, site.id, address) if site is not None else None
    if site is None or anchor is None:
        return None
    t = translator(dsa.settings_of(site).language)
    url = mail.link(rt.settings, PAGE_PATH, lang=t("lang"), token=_key(rt, anchor))
    message = mail.for_unconfirmed(
        address, t("forget_subject", site=site.name), t("forget_body", site=site.name, link=url)
    )
    sent = reply_subscriptions.sender_of(rt, site, message)
    return partial(mail.deliver, rt.mail, rt.settings, sent)


# --- the page and the button -------------------------------------------------------------------


async def _forgettable(session: AsyncSession, rt: Runtime, anchor: Anchor) -> Forgettable:
    site = await site_repo.get(session, anchor.site_id)
    if site is None:
        raise Invalid(LINK_NOT_VALID)
    if anchor.kind == COMMENT:
        address = anchor.identity
        count = await repo.count_comments_of_address(session, site.id, address)
        return Forgettable(site, address, reply_subscriptions.guest_key(rt, address), count)
    return Forgettable(site, None, anchor.identity, 0)


async def check(session: AsyncSession, rt: Runtime, key: str) -> Forgettable:
    """What the key would erase, erasing nothing (the page's GET); Invalid for a bad key."""
    return await _forgettable(session, rt, await _anchor_of_key(session, rt, key))


async def _erase(session: AsyncSession, rt: Runtime, comment: Comment) -> int:
    """1 for a comment removed as its author would remove it; 0 for one deleted already (what
    personal data it still held goes too)."""
    if comment.status == CommentStatus.DELETED:
        comment.author_email = comment.author_key = comment.network_key = None
        return 0
    await comments.remove(session, rt, comment)
    return 1


async def forget(session: AsyncSession, rt: Runtime, key: str) -> Forgettable:
    """Erase the address's comments and reply notifications on the site; what was erased."""
    found = await check(session, rt, key)
    removed = 0
    if found.address is not None:
        for comment in await repo.comments_of_address(session, found.site.id, found.address):
            removed += await _erase(session, rt, comment)
    subscriptions = await repo.delete_notifications(session, found.site.id, found.recipient_key)
    after_commit(session, rt.reply_sites.forget)
    await audit.record(
        session,
        rt,
        site_id=found.site.id,
        actor=GUEST,
        action="guest_email.forget",
        target_type="guest_email",
        target_id=found.recipient_key[: audit.GUEST_REF_CHARS],
        after={"comments_removed": removed, "reply_subscriptions_removed": subscriptions},
    )
    return Forgettable(found.site, found.address, found.recipient_key, removed)
