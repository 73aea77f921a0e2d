"""Deleting an account by a link mailed to its confirmed address: for accounts without a
password (a publisher's sign-on, staff OIDC) and, as an alternative, for every account.

`POST /api/v1/me/deletion` queues the mail; its link opens a page (http/my_pages.py) that shows
what will happen and a button, and only the button's POST deletes (SECURITY 22: mail scanners
open links). The key is random, stored only as an HMAC (`email_tokens`, purpose `delete`), works
once and expires in 24 hours; a new request replaces the last key. The deletion itself is the
one `DELETE /api/v1/me` does (`privacy.erase`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.errors import Conflict, Invalid, TooManyRequests
from rejoinder.domain.principal import Principal
from rejoinder.i18n.my_comments import translator
from rejoinder.platform.secrets import new_secret, secret_hash
from rejoinder.platform.tokens import identity_hash
from rejoinder.services import access, jobs, mail, privacy
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import Account, EmailToken
from rejoinder.storage.repositories import accounts as account_repo
from rejoinder.storage.repositories import email_tokens as token_repo

log = logging.getLogger(__name__)

PURPOSE = "delete"
MAIL_JOB = "mail.account_deletion"
PAGE_PATH = "/account/delete"
LIFETIME = timedelta(hours=24)
KEY_PREFIX = "rjd"
REQUEST_ACTION = "deletion"  # its rate limit: `deletion.account`
NO_CONFIRMED_ADDRESS = (
    "Your account has no confirmed email address to send the link to. Delete it with "
    "DELETE /api/v1/me instead (with your password, if the account has one)."
)
LINK_NOT_VALID = "This link is not valid any more: it was used already or has expired."


@dataclass(frozen=True)
class Pending:
    """What the confirmation page shows before the button is pressed."""

    display_name: str
    language: str | None


def _address_key(rt: Runtime, address: str) -> str:
    return identity_hash(rt.signing_key, "email", address)


async def request(session: AsyncSession, rt: Runtime, principal: Principal) -> None:
    """Queue the mail with the link (the job makes the key when it runs). 409 when the account
    has no confirmed address; past the per-address mail cap nothing is sent, silently."""
    account = await access.access_account_to_delete(session, principal)
    if account.email is None or account.email_verified_at is None:
        raise Conflict(NO_CONFIRMED_ADDRESS)
    await rt.limiter.hit(REQUEST_ACTION, account=str(account.id))
    to = _address_key(rt, account.email)
    try:
        await rt.limiter.hit("mail", email=to)
    except TooManyRequests:
        log.info("An account deletion mail was skipped: too many mails to one address.")
        return
    await jobs.enqueue(session, rt, MAIL_JOB, {"account_id": account.id, "to": to})


async def _new_key(session: AsyncSession, rt: Runtime, account: Account) -> str:
    """A key that replaces the account's earlier deletion keys (one row per account)."""
    assert account.email is not None
    await account_repo.lock(session, account.id)
    await token_repo.delete_of(session, account.id, PURPOSE)
    secret = new_secret(KEY_PREFIX)
    await token_repo.add(
        session,
        EmailToken(
            token_hash=secret_hash(rt.signing_key, secret),
            account_id=account.id,
            purpose=PURPOSE,
            email=account.email,
            created_at=rt.now(),
            expires_at=rt.now() + LIFETIME,
        ),
    )
    return secret


@jobs.job(MAIL_JOB, max_attempts=12)
async def _mail(session: AsyncSession, rt: Runtime, payload: jobs.Payload) -> jobs.Delivery | None:
    """Composed when it runs, with a fresh key; nothing if the address changed meanwhile."""
    account = await account_repo.get(session, int(payload["account_id"]))
    if (
        account is None
        or account.email is None
        or account.email_verified_at is None
        or _address_key(rt, account.email) != payload["to"]
    ):
        return None
    t = translator(account.language)
    key = await _new_key(session, rt, account)
    url = mail.link(rt.settings, PAGE_PATH, lang=t("lang"), token=key)
    body = t("deletion_body", name=account.display_name, install=rt.settings.public_url, link=url)
    message = mail.for_confirmed(account, t("deletion_subject"), body)
    return partial(mail.deliver, rt.mail, rt.settings, message)


async def _account_of_row(session: AsyncSession, row: EmailToken | None) -> Account:
    account = await account_repo.get(session, row.account_id) if row else None
    if row is None or account is None or account.email != row.email:
        raise Invalid(LINK_NOT_VALID)
    return account


async def pending(session: AsyncSession, rt: Runtime, key: str) -> Pending:
    """The account a live key would delete, without using the key (the page's GET)."""
    row = await token_repo.live(session, secret_hash(rt.signing_key, key), PURPOSE, rt.now())
    account = await _account_of_row(session, row)
    return Pending(account.display_name, account.language)


async def confirm(session: AsyncSession, rt: Runtime, key: str) -> None:
    """The button was pressed: the key is used up and the account erased, as
    `DELETE /api/v1/me` erases it."""
    row = await token_repo.claim(session, secret_hash(rt.signing_key, key), PURPOSE, rt.now())
    account = await _account_of_row(session, row)
    await privacy.erase(session, rt, account)
