"""Staff sign-in through the newsroom's OpenID Connect provider (ADR 0012): the provider's
verified claims become an account, its roles (services/staff_roles.py) and a session.

Which account: the one already linked to the provider's subject (`iss` + `sub`); else the account
whose address both the provider (`email_verified`) and Rejoinder (confirmed by mail) have
verified, which is then linked; else a new one. An address only one side vouches for links
nothing: neither a sign-up nobody confirmed nor a provider that does not check addresses can hand
someone else's account over. Someone the claim gives no role gets no account and no session.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.accounts import clean_email
from rejoinder.domain.errors import Conflict, Invalid, Unauthorized
from rejoinder.domain.limits import MAX_AUTHOR_NAME_CHARS
from rejoinder.domain.staff_sign_in import StaffClaims, roles_for
from rejoinder.platform.tokens import identity_hash
from rejoinder.services import access, auth, display_names, sso, staff_roles
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import Account, StaffIdentity
from rejoinder.storage.repositories import accounts as account_repo
from rejoinder.storage.repositories import staff_identities as identity_repo

NAME_SUFFIX_SIZES = (4, 8)  # characters of a deterministic suffix for a taken name
FALLBACK_NAME = "Staff member"


@dataclass(frozen=True)
class StaffSignIn:
    account: Account | None
    issued: auth.IssuedSession | None  # None: the claim maps to no role, so no session

    @property
    def refused(self) -> bool:
        return self.issued is None


async def sign_in(session: AsyncSession, rt: Runtime, claims: StaffClaims) -> StaffSignIn:
    wanted = roles_for(rt.settings.oidc_role_map, claims.roles)
    sites = await staff_roles.sites_to_moderate(session, wanted.sites)
    link = await identity_repo.get(session, claims.issuer, claims.subject)
    if not wanted.admin and not sites:
        if link is not None:  # the provider took every role away: so do we
            account = await access.access_account(session, link.account_id)
            await staff_roles.sync(session, rt, account, admin=False, sites=[])
        return StaffSignIn(None, None)
    account = await _account_for(session, rt, claims, link)
    await staff_roles.sync(session, rt, account, wanted.admin, sites)
    return StaffSignIn(account, await auth.open_session(session, rt, account))


async def _account_for(
    session: AsyncSession, rt: Runtime, claims: StaffClaims, link: StaffIdentity | None
) -> Account:
    if link is not None:
        return await access.access_account(session, link.account_id)
    account = await _verified_owner(session, claims) or await _new_account(session, rt, claims)
    identity = StaffIdentity(
        issuer=claims.issuer, subject=claims.subject, account_id=account.id, created_at=rt.now()
    )
    await identity_repo.add(session, identity)
    return account


def _address(claims: StaffClaims) -> str | None:
    """The claimed address under sign-up's rules, or None (nothing mail could trip on)."""
    if claims.email is None:
        return None
    try:
        return clean_email(claims.email)
    except Invalid:
        return None


async def _verified_owner(session: AsyncSession, claims: StaffClaims) -> Account | None:
    address = _address(claims)
    if address is None or not claims.email_verified:
        return None
    account = await account_repo.by_email(session, address)
    if account is None or account.email_verified_at is None:
        return None
    return account


async def _new_account(session: AsyncSession, rt: Runtime, claims: StaffClaims) -> Account:
    """The address is kept when no account has it; verified when the provider says so."""
    address = _address(claims)
    if address is not None and await account_repo.by_email(session, address) is not None:
        address = None
    account = Account(
        display_name=await _free_name(session, rt, claims),
        email=address,
        email_verified_at=rt.now() if address and claims.email_verified else None,
        created_at=rt.now(),
    )
    return await account_repo.add(session, account)


def _wanted_name(claims: StaffClaims) -> str:
    """The `name` claim as shown (as for a site's single sign-on), else the address's local
    part. Words that read as staff are not refused: these are the newsroom's staff."""
    local_part = (claims.email or "").partition("@")[0]
    for raw in (claims.name, local_part):
        try:
            return sso.clean_name(raw or "")
        except Unauthorized:
            continue
    return FALLBACK_NAME


async def _is_free(session: AsyncSession, rt: Runtime, name: str) -> bool:
    """Nobody else's (a pending sign-up gives it up), and not like another staff member's."""
    if await display_names.is_staff_name(session, rt, name):
        return False
    return await display_names.make_free_for(session, name, None)


async def _free_name(session: AsyncSession, rt: Runtime, claims: StaffClaims) -> str:
    """The wanted name, or it with a suffix derived from who the person is (the same person
    always gets the same suffix)."""
    wanted = _wanted_name(claims)
    if await _is_free(session, rt, wanted):
        return wanted
    hashed = identity_hash(rt.signing_key, "staff-name", f"{claims.issuer} {claims.subject}")
    digest = "".join(ch for ch in hashed if ch.isalnum())
    for size in NAME_SUFFIX_SIZES:
        candidate = f"{wanted[: MAX_AUTHOR_NAME_CHARS - size - 3].rstrip()} ({digest[:size]})"
        if await _is_free(session, rt, candidate):
            return candidate
    raise Conflict(f"The display name '{wanted}' is taken; ask an administrator to help.")
