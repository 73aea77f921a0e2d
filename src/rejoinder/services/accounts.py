"""Accounts with email and password: sign-up confirmed by mail (double opt-in), sign-in with
backoff, password reset, display names with a cool-down between changes.

Nothing here tells a stranger whether an address has an account (SECURITY 16): sign-up and reset
answer the same way whatever exists, and sign-in takes as long for an unknown address. Sign-up,
reset and confirmation-link requests look no address up while the reader waits: the request is
checked, counted and queued as a durable job, and the lookup, key and mail run in jobs
(`_sign_up`, `request_reset`, `resend_verification`, `_mail_account`). A name chosen by a
sign-up that is not confirmed yet holds against nobody, so a sign-up's effect on names does not
depend on the address either.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.accounts import (
    NAME_COOLDOWN,
    check_password,
    clean_display_name,
    clean_email,
)
from rejoinder.domain.errors import Conflict, Forbidden, Invalid, TooManyRequests, Unauthorized
from rejoinder.domain.events import AccountConfirmed
from rejoinder.domain.principal import Principal
from rejoinder.domain.views import AccountView
from rejoinder.i18n.accounts import translator
from rejoinder.i18n.locales import supported
from rejoinder.platform import passwords
from rejoinder.platform.rate_limits import network_of
from rejoinder.platform.secrets import new_secret, secret_hash
from rejoinder.platform.tokens import identity_hash
from rejoinder.services import access, auth, display_names, events, jobs, mail, stories
from rejoinder.services.after_commit import after_commit
from rejoinder.services.mail import Mail, link
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import Account, EmailToken
from rejoinder.storage.repositories import accounts as account_repo
from rejoinder.storage.repositories import email_tokens as token_repo

log = logging.getLogger(__name__)

VERIFY = "verify"
RESET = "reset"
TELL_OWNER = "tell_owner"  # someone signed up with an address that has an account
MAIL_JOB = "mail.account"
SIGN_UP_JOB = "account.sign_up"
RESET_JOB = "account.reset_requested"
RESEND_JOB = "account.resend_requested"
# Rate-limit actions of the two requests that mail a link (`reset.ip`, `resend.email`, ...).
RESET_REQUEST = "reset"
RESEND_REQUEST = "resend"
LIFETIMES = {VERIFY: timedelta(hours=48), RESET: timedelta(hours=1)}
# The confirmation pages the links lead to: they act only on POST (SECURITY 22).
PAGES = {VERIFY: "/account/verify", RESET: "/account/reset"}
MAIL_KEY_PREFIX = "rjm"
LINK_NOT_VALID = "This link is not valid any more: it was used already or has expired."
WRONG_LOGIN = "The email address or the password is wrong."


@dataclass(frozen=True)
class SignUp:
    email: str
    password: str
    display_name: str
    language: str | None = None  # of the account's mail (i18n/locales.LANGUAGES); else English


@dataclass(frozen=True)
class SignedIn:
    account: Account
    session: auth.IssuedSession


def _subject_key(rt: Runtime, email: str) -> str:
    """Rate-limit counters are keyed by a hash: no plain addresses in Redis."""
    return identity_hash(rt.signing_key, "email", email)


# --- mail keys and mail ---------------------------------------------------------------------


async def _new_key(session: AsyncSession, rt: Runtime, account: Account, purpose: str) -> str:
    """A key that replaces the account's earlier ones of this purpose: one row per account and
    purpose, however many times a link is asked for."""
    assert account.email is not None
    await account_repo.lock(session, account.id)  # two requests for one account take turns
    await token_repo.delete_of(session, account.id, purpose)
    secret = new_secret(MAIL_KEY_PREFIX)
    await token_repo.add(
        session,
        EmailToken(
            token_hash=secret_hash(rt.signing_key, secret),
            account_id=account.id,
            purpose=purpose,
            email=account.email,
            created_at=rt.now(),
            expires_at=rt.now() + LIFETIMES[purpose],
        ),
    )
    return secret


async def _may_mail(rt: Runtime, address: str, purpose: str) -> bool:
    """False when this address got too many mails lately (silently: answers never differ).
    Asked when the mail is queued, so retries of a mail that failed do not count again."""
    try:
        await rt.limiter.hit("mail", email=_subject_key(rt, address))
    except TooManyRequests:
        log.info("Mail %r skipped: too many mails to one address.", purpose)
        return False
    return True


async def _queue_mail(session: AsyncSession, rt: Runtime, account: Account, purpose: str) -> None:
    """A durable job mails the account (after this transaction commits, retried while SMTP is
    down). The job carries the address's hash, not the address: it finds the account again and
    mails only if the address is still the same and the mail still makes sense."""
    assert account.email is not None
    if not await _may_mail(rt, account.email, purpose):
        return
    to = _subject_key(rt, account.email)
    await jobs.enqueue(
        session, rt, MAIL_JOB, {"account_id": account.id, "purpose": purpose, "to": to}
    )


def _still_wanted(account: Account, purpose: str) -> bool:
    if purpose == VERIFY:
        return display_names.is_pending(account)
    if purpose == RESET:
        return account.email_verified_at is not None and account.password_hash is not None
    return account.email_verified_at is not None  # TELL_OWNER


@jobs.job(MAIL_JOB, max_attempts=12)
async def _mail_account(
    session: AsyncSession, rt: Runtime, payload: jobs.Payload
) -> jobs.Delivery | None:
    """The job: the mail is composed (with a new key) in the job's transaction and sent once it
    has committed; a failed send is retried later with a newer key, the older one unused."""
    account = await account_repo.get(session, int(payload["account_id"]))
    purpose = str(payload["purpose"])
    if (
        account is None
        or account.email is None
        or _subject_key(rt, account.email) != payload["to"]
        or not _still_wanted(account, purpose)
    ):
        return None  # the account changed meanwhile: nothing to send any more
    message = await _compose(session, rt, account, purpose)
    return partial(mail.deliver, rt.mail, rt.settings, message)


async def _compose(session: AsyncSession, rt: Runtime, account: Account, purpose: str) -> Mail:
    """The mail in the account's language (i18n/accounts.py); its link carries the language
    to the page it opens."""
    assert account.email is not None
    t = translator(account.language)
    fields = {"name": account.display_name, "site": rt.settings.public_url}
    if purpose in (VERIFY, RESET):
        key = await _new_key(session, rt, account, purpose)
        url = link(rt.settings, PAGES[purpose], token=key, lang=t("lang"))
        if purpose == VERIFY:
            body = t("verify_body", link=url, **fields)
            return mail.for_unconfirmed(account.email, t("verify_subject"), body)
        return mail.for_confirmed(account, t("reset_subject"), t("reset_body", link=url, **fields))
    return mail.for_confirmed(account, t("taken_subject"), t("taken_body", **fields))


async def _claim(session: AsyncSession, rt: Runtime, key: str, purpose: str) -> Account:
    """The account a live mail key belongs to; the key is used up (one use)."""
    row = await token_repo.claim(session, secret_hash(rt.signing_key, key), purpose, rt.now())
    account = await account_repo.get(session, row.account_id) if row else None
    if row is None or account is None or account.email != row.email:
        raise Invalid(LINK_NOT_VALID)
    await token_repo.retire(session, account.id, purpose, rt.now())
    return account


# --- sign-up ---------------------------------------------------------------------------------


async def register(session: AsyncSession, rt: Runtime, sign_up: SignUp, ip: str) -> None:
    """Check the sign-up and queue it; the account-dependent work runs in a job.

    While the reader waits nothing about the address is looked up, so every address takes the
    same path: only the name is checked (taken by a confirmed account or reading as staff, the
    same for any address). The job creates the unconfirmed account and mails a link; for an
    address that has an account already, its owner is told by mail if they confirmed it, and an
    unconfirmed sign-up is replaced by this one (whoever can read the mail decides which
    password wins, and earlier sessions end).
    """
    await rt.limiter.hit("register", ip=ip)
    email = clean_email(sign_up.email)
    name = clean_display_name(sign_up.display_name)
    check_password(sign_up.password, email, name)
    password_hash = await passwords.hash_password(sign_up.password)
    if await display_names.is_staff_name(session, rt, name) or not await _name_may_be_free(
        session, name
    ):
        raise Conflict(f"The name '{name}' is taken; please choose another.")
    payload: jobs.Payload = {"email": email, "name": name, "password_hash": password_hash}
    if supported(sign_up.language):
        payload["language"] = supported(sign_up.language)
    await jobs.enqueue(session, rt, SIGN_UP_JOB, payload)


async def _name_may_be_free(session: AsyncSession, name: str) -> bool:
    """Nobody holds the name, or only a pending sign-up (which gives it up to a new one)."""
    holder = await account_repo.by_display_name(session, name)
    return holder is None or display_names.is_pending(holder)


@jobs.job(SIGN_UP_JOB)
async def _sign_up(session: AsyncSession, rt: Runtime, payload: jobs.Payload) -> None:
    """The job of a sign-up: create, restart or tell the owner, by what the address has."""
    email, name = str(payload["email"]), str(payload["name"])
    password_hash = str(payload["password_hash"])
    language = supported(str(payload.get("language") or "")) or None
    existing = await account_repo.by_email(session, email)
    # Only a pending sign-up of this address may keep its own name: a confirmed account's name
    # is "taken" here exactly as it is for any other address.
    pending = existing if existing is not None and display_names.is_pending(existing) else None
    try:
        await _claim_name(session, rt, name, pending.id if pending else None)
    except Conflict:
        log.info("A sign-up lost its name to another one in the meantime.")
        return
    if existing is None:
        account = await _create(session, rt, email, name, password_hash, language)
        await _queue_mail(session, rt, account, VERIFY)
    elif pending is not None:
        await _restart_sign_up(session, rt, pending, name, password_hash, language)
    elif existing.email_verified_at is not None:
        await _queue_mail(session, rt, existing, TELL_OWNER)


async def _claim_name(
    session: AsyncSession, rt: Runtime, name: str, account_id: int | None
) -> None:
    """409 when a confirmed account holds the name, or it reads as a staff member's; a pending
    sign-up holding it gives it up."""
    taken = await display_names.is_staff_name(session, rt, name, account_id)
    if taken or not await display_names.make_free_for(session, name, account_id):
        raise Conflict(f"The name '{name}' is taken; please choose another.")


async def _create(
    session: AsyncSession,
    rt: Runtime,
    email: str,
    name: str,
    password_hash: str,
    language: str | None,
) -> Account:
    account = Account(
        email=email, display_name=name, password_hash=password_hash, language=language
    )
    account.created_at = rt.now()
    try:
        return await account_repo.add(session, account)
    except IntegrityError as error:  # a sign-up with the same name or address raced us
        raise Conflict("This sign-up collided with another one; please try again.") from error


async def _restart_sign_up(
    session: AsyncSession,
    rt: Runtime,
    account: Account,
    name: str,
    password_hash: str,
    language: str | None,
) -> None:
    account.display_name = name
    account.password_hash = password_hash
    account.language = language or account.language
    await token_repo.retire(session, account.id, VERIFY, rt.now())
    await auth.close_all_sessions(session, account.id)
    await _queue_mail(session, rt, account, VERIFY)


async def accept_mail_request(
    session: AsyncSession, rt: Runtime, action: str, email: str, ip: str
) -> None:
    """Queue a reset or confirmation-link request, counted against the client, its network and
    the address first: nothing is looked up before the answer, so neither the answer nor a
    refusal (429) says anything about the address. The job does the rest."""
    address = clean_email(email)
    await rt.limiter.hit(action, ip=ip, net=network_of(ip), email=_subject_key(rt, address))
    name = RESET_JOB if action == RESET_REQUEST else RESEND_JOB
    await jobs.enqueue(session, rt, name, {"email": address})


@jobs.job(RESEND_JOB)
async def _resend_requested(session: AsyncSession, rt: Runtime, payload: jobs.Payload) -> None:
    await resend_verification(session, rt, str(payload["email"]))


@jobs.job(RESET_JOB)
async def _reset_requested(session: AsyncSession, rt: Runtime, payload: jobs.Payload) -> None:
    await request_reset(session, rt, str(payload["email"]))


async def resend_verification(session: AsyncSession, rt: Runtime, address: str) -> None:
    """In a job: a new confirmation link, if the address has a pending sign-up."""
    account = await account_repo.by_email(session, address)
    if account is None or not display_names.is_pending(account):
        return
    await _queue_mail(session, rt, account, VERIFY)


async def verify(session: AsyncSession, rt: Runtime, key: str) -> Account:
    """The address is confirmed: the account may now comment and receive mail."""
    account = await _claim(session, rt, key, VERIFY)
    if account.email_verified_at is None:
        account.email_verified_at = rt.now()
        await events.emit(session, rt, AccountConfirmed(account.id))
    return account


# --- sign-in and passwords -------------------------------------------------------------------


async def login(session: AsyncSession, rt: Runtime, email: str, password: str, ip: str) -> SignedIn:
    """A new session for the right password.

    Every attempt counts against the address and the client's IP and network before the
    password is checked (backoff); the counters reset with their window, so nobody is locked out
    for longer than that. Unknown addresses cost one argon2 check too (constant time).
    """
    address = email.strip().lower()
    await rt.limiter.hit("login", ip=ip, net=network_of(ip), email=_subject_key(rt, address))
    account = await account_repo.by_email(session, address) if address else None
    # Checked even without an account (against a dummy hash): the same time either way.
    matched = await passwords.verify_password(account.password_hash if account else None, password)
    if account is None or not matched:
        raise Unauthorized(WRONG_LOGIN)
    if account.password_hash and passwords.needs_rehash(account.password_hash):
        account.password_hash = await passwords.hash_password(password)
    return SignedIn(account, await auth.open_session(session, rt, account))


async def request_reset(session: AsyncSession, rt: Runtime, address: str) -> None:
    """In a job: a reset link, if the address is confirmed and has a password."""
    account = await account_repo.by_email(session, address)
    if account is None or account.email_verified_at is None or account.password_hash is None:
        return
    await _queue_mail(session, rt, account, RESET)


async def confirm_reset(session: AsyncSession, rt: Runtime, key: str, password: str) -> Account:
    """Set the new password and end every session of the account."""
    account = await _claim(session, rt, key, RESET)
    assert account.email is not None
    check_password(password, account.email, account.display_name)
    account.password_hash = await passwords.hash_password(password)
    await auth.close_all_sessions(session, account.id)
    return account


async def check_own_password(
    session: AsyncSession, rt: Runtime, account: Account, password: str | None
) -> None:
    """For grave actions by a signed-in reader: a stolen session alone is not enough."""
    if account.password_hash is None:
        return
    await rt.limiter.hit("login", email=_subject_key(rt, account.email or ""))
    if not password or not await passwords.verify_password(account.password_hash, password):
        raise Forbidden("The password is wrong.")


# --- display names ---------------------------------------------------------------------------


def next_rename_at(account: AccountView) -> datetime | None:
    """When the name may change again; None when it may change now (the first change is free)."""
    if account.name_changed_at is None:
        return None
    return account.name_changed_at + NAME_COOLDOWN


async def me(session: AsyncSession, principal: Principal) -> Account:
    return await access.access_own_account(session, principal)


async def rename(session: AsyncSession, rt: Runtime, principal: Principal, new: str) -> Account:
    """A new display name, shown on the reader's comments too (so an old name, once free,
    cannot be taken by someone else and appear to have written them)."""
    account = await access.access_own_account(session, principal)
    name = clean_display_name(new)
    if name == account.display_name:
        return account
    allowed_at = next_rename_at(account)  # before any name is looked up: no probing meanwhile
    if allowed_at is not None and rt.now() < allowed_at:
        raise Forbidden(
            f"You changed your name recently; you can change it again after "
            f"{allowed_at:%Y-%m-%d %H:%M} UTC."
        )
    await _claim_name(session, rt, name, account.id)
    account.display_name, account.name_changed_at = name, rt.now()
    try:
        await session.flush()
    except IntegrityError as error:
        raise Conflict(f"The name '{name}' is taken; please choose another.") from error
    for story_id in await account_repo.rename_in_comments(session, account.id, name):
        await stories.record_change(session, rt, story_id, 0)
    after_commit(session, rt.staff_names.forget)  # it may be a staff member's name
    return account
