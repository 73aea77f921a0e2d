"""Accounts with email and password: sign-up confirmed by mail (double opt-in), sign-in with
backoff, password reset, display names with a cool-down between changes.

Nothing here tells a stranger whether an address has an account (SECURITY 16): sign-up and reset
answer the same way whatever exists, and sign-in takes as long for an unknown address. Reset and
confirmation-link requests look nothing up while the reader waits: the handler counts them and
answers, and the lookup, key and mail run after the answer (`request_reset`,
`resend_verification`). A name chosen by a sign-up that is not confirmed yet holds against
nobody, so a sign-up's effect on names does not depend on the address either.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.accounts import (
    NAME_COOLDOWN,
    check_password,
    clean_display_name,
    clean_email,
)
from rejoinder.domain.errors import Conflict, Forbidden, Invalid, TooManyRequests, Unauthorized
from rejoinder.domain.principal import Principal
from rejoinder.domain.views import AccountView
from rejoinder.services import access, auth, display_names, passwords, stories
from rejoinder.services.after_commit import after_commit
from rejoinder.services.mail import Mail, link, send_after_commit
from rejoinder.services.rate_limits import network_of
from rejoinder.services.runtime import Runtime
from rejoinder.services.secrets import new_secret, secret_hash
from rejoinder.services.tokens import identity_hash
from rejoinder.storage.models import Account, EmailToken
from rejoinder.storage.repositories import accounts as account_repo
from rejoinder.storage.repositories import email_tokens as token_repo

log = logging.getLogger(__name__)

VERIFY = "verify"
RESET = "reset"
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


async def _may_mail(rt: Runtime, address: str, subject: str) -> bool:
    """False when this address got too many mails lately (silently: answers never differ).
    Asked before a key is made, so a mail that is not sent leaves no key behind."""
    try:
        await rt.limiter.hit("mail", email=_subject_key(rt, address))
    except TooManyRequests:
        log.info("Mail %r skipped: too many mails to one address.", subject)
        return False
    return True


async def _send_verification(session: AsyncSession, rt: Runtime, account: Account) -> None:
    assert account.email is not None
    subject = "Confirm your email address"
    if not await _may_mail(rt, account.email, subject):
        return
    key = await _new_key(session, rt, account, VERIFY)
    body = (
        f"Hello {account.display_name},\n\n"
        f"someone, hopefully you, signed up to comment at {rt.settings.public_url} with this\n"
        "address. To confirm it, open this link and press the button on the page:\n\n"
        f"{link(rt.settings, PAGES[VERIFY], token=key)}\n\n"
        "The link works once and expires in 48 hours. If you did not sign up, ignore this\n"
        "mail: nothing happens unless the button is pressed.\n"
    )
    send_after_commit(
        session, rt, Mail(account.email, subject, body), verified=False, verification=True
    )


async def _tell_owner(session: AsyncSession, rt: Runtime, account: Account) -> None:
    """Someone signed up with a confirmed address: its owner hears of it, nobody else."""
    assert account.email is not None
    subject = "Someone tried to sign up with your address"
    if not await _may_mail(rt, account.email, subject):
        return
    body = (
        f"Hello {account.display_name},\n\n"
        f"someone tried to sign up at {rt.settings.public_url} with this address, which\n"
        "already has an account. Nothing was changed. If it was you, sign in as usual, or ask\n"
        "for a password reset if you have forgotten your password.\n"
    )
    send_after_commit(session, rt, Mail(account.email, subject, body), verified=True)


async def _send_reset(session: AsyncSession, rt: Runtime, account: Account) -> None:
    assert account.email is not None
    subject = "Reset your password"
    if not await _may_mail(rt, account.email, subject):
        return
    key = await _new_key(session, rt, account, RESET)
    body = (
        f"Hello {account.display_name},\n\n"
        f"to choose a new password for {rt.settings.public_url}, open this link:\n\n"
        f"{link(rt.settings, PAGES[RESET], token=key)}\n\n"
        "The link works once and expires in one hour. Choosing a new password signs you out\n"
        "everywhere. If you did not ask for this, ignore this mail: your password stays.\n"
    )
    send_after_commit(session, rt, Mail(account.email, subject, body), verified=True)


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
    """Create an unconfirmed account and mail a confirmation link.

    An address that already has an account gets the same answer: its owner is told by mail if
    they confirmed it; an unconfirmed sign-up is replaced by this one (whoever can read the
    mail decides which password wins, and earlier sessions end).
    """
    await rt.limiter.hit("register", ip=ip)
    email = clean_email(sign_up.email)
    name = clean_display_name(sign_up.display_name)
    check_password(sign_up.password, email, name)
    # Hashed before looking anything up, so every path takes the same time.
    password_hash = await passwords.hash_password(sign_up.password)
    existing = await account_repo.by_email(session, email)
    # Only a pending sign-up of this address may keep its own name: a confirmed account's name
    # is "taken" here exactly as it is for any other address.
    pending = existing if existing is not None and display_names.is_pending(existing) else None
    await _claim_name(session, rt, name, pending.id if pending else None)
    if existing is None:
        account = await _create(session, rt, email, name, password_hash)
        await _send_verification(session, rt, account)
    elif pending is not None:
        await _restart_sign_up(session, rt, pending, name, password_hash)
    elif existing.email_verified_at is not None:
        await _tell_owner(session, rt, existing)


async def _claim_name(
    session: AsyncSession, rt: Runtime, name: str, account_id: int | None
) -> None:
    """409 when a confirmed account holds the name, or it reads as a staff member's; a pending
    sign-up holding it gives it up."""
    taken = await display_names.is_staff_name(session, rt, name, account_id)
    if taken or not await display_names.make_free_for(session, name, account_id):
        raise Conflict(f"The name '{name}' is taken; please choose another.")


async def _create(
    session: AsyncSession, rt: Runtime, email: str, name: str, password_hash: str
) -> Account:
    account = Account(email=email, display_name=name, password_hash=password_hash)
    account.created_at = rt.now()
    try:
        return await account_repo.add(session, account)
    except IntegrityError as error:  # a sign-up with the same name or address raced us
        raise Conflict("This sign-up collided with another one; please try again.") from error


async def _restart_sign_up(
    session: AsyncSession, rt: Runtime, account: Account, name: str, password_hash: str
) -> None:
    account.display_name = name
    account.password_hash = password_hash
    await token_repo.retire(session, account.id, VERIFY, rt.now())
    await auth.close_all_sessions(session, account.id)
    await _send_verification(session, rt, account)


async def accept_mail_request(rt: Runtime, action: str, email: str, ip: str) -> str:
    """The address a reset or confirmation-link request is for, counted against the client, its
    network and the address before anything is looked up: a refusal (429) says nothing about
    the address either. The work itself runs after the answer."""
    address = clean_email(email)
    await rt.limiter.hit(action, ip=ip, net=network_of(ip), email=_subject_key(rt, address))
    return address


async def resend_verification(session: AsyncSession, rt: Runtime, address: str) -> None:
    """After the answer: a new confirmation link, if the address has a pending sign-up."""
    account = await account_repo.by_email(session, address)
    if account is None or not display_names.is_pending(account):
        return
    await _send_verification(session, rt, account)


async def verify(session: AsyncSession, rt: Runtime, key: str) -> Account:
    """The address is confirmed: the account may now comment and receive mail."""
    account = await _claim(session, rt, key, VERIFY)
    if account.email_verified_at is None:
        account.email_verified_at = rt.now()
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
    """After the answer: a reset link, if the address is confirmed and has a password."""
    account = await account_repo.by_email(session, address)
    if account is None or account.email_verified_at is None or account.password_hash is None:
        return
    await _send_reset(session, rt, account)


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
    return await access.account_of(session, principal)


async def rename(session: AsyncSession, rt: Runtime, principal: Principal, new: str) -> Account:
    """A new display name, shown on the reader's comments too (so an old name, once free,
    cannot be taken by someone else and appear to have written them)."""
    account = await access.account_of(session, principal)
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
