"""Publisher single sign-on: a JWT the publisher signed becomes a session on its site.

Checks, in order (SECURITY 17): the site uses SSO; the token's `kid` names one of the site's
keys; the token's `alg` is the one pinned for that key (so neither `none` nor an HS256 token
"signed" with an RS256 public key gets through); signature, `exp`, `aud`, `iss` and the required
claims. A token never links to an existing account by email (SECURITY 16), never grants admin,
and never grants more than the site's `max_role`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import jwt
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.accounts import clean_email
from rejoinder.domain.errors import Conflict, Forbidden, Invalid, Unauthorized
from rejoinder.domain.limits import MAX_AUTHOR_NAME_CHARS
from rejoinder.domain.names import is_reserved, without_invisible
from rejoinder.domain.requester import Requester
from rejoinder.domain.sso import SsoClaims, SsoKey, SsoRole, SsoSettings, capped_role
from rejoinder.platform.tokens import identity_hash
from rejoinder.services import access, auth, display_names, roles, stories
from rejoinder.services.after_commit import after_commit
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import Account, Site, SsoIdentity
from rejoinder.storage.repositories import accounts as account_repo
from rejoinder.storage.repositories import sso_identities as identity_repo

REQUIRED_CLAIMS = ("sub", "name", "exp", "aud", "iss")
NAME_SUFFIX_SIZES = (4, 8)  # characters of a deterministic suffix for a taken name
FALLBACK_NAME = "Reader"  # shown, with a suffix, instead of a name that reads as staff
BAD_NAME_CLAIM = "The sign-in token's 'name' claim is empty or has control characters."

_JWT_ERRORS: tuple[tuple[type[jwt.PyJWTError], str], ...] = (
    (jwt.ExpiredSignatureError, "The sign-in token has expired; the page must fetch a new one."),
    (jwt.InvalidAudienceError, "The sign-in token is for another audience ('aud')."),
    (jwt.InvalidIssuerError, "The sign-in token comes from another issuer ('iss')."),
    (jwt.ImmatureSignatureError, "The sign-in token is not valid yet ('nbf' or 'iat')."),
    (jwt.InvalidSignatureError, "The sign-in token's signature does not match the site's key."),
)


@dataclass(frozen=True)
class SsoSignIn:
    account: Account
    role: SsoRole
    badges: list[str]
    issued: auth.IssuedSession


def settings_for(site: Site) -> SsoSettings:
    raw = access.settings_of(site).sso
    if raw is None:
        raise Forbidden(f"Site '{site.slug}' does not use single sign-on.")
    try:
        return SsoSettings.model_validate(raw)
    except ValidationError as error:
        raise Invalid(f"Site '{site.slug}' has invalid single sign-on settings.") from error


def _key_for(settings: SsoSettings, token: str) -> SsoKey:
    """The site's key the token names, used only with the algorithm pinned to it."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as error:
        raise Unauthorized("The sign-in token is not a well-formed JWT.") from error
    kid = header.get("kid")
    if not isinstance(kid, str):
        raise Unauthorized("The sign-in token has no 'kid' header naming the site's key.")
    key = settings.key(kid)
    if key is None:
        raise Unauthorized(f"The sign-in token's key '{kid[:100]}' is not one of the site's keys.")
    if header.get("alg") != key.alg:
        raise Unauthorized(f"Key '{key.kid}' signs with {key.alg}; this token claims another.")
    return key


def _jwt_message(error: jwt.PyJWTError) -> str:
    if isinstance(error, jwt.MissingRequiredClaimError):
        return f"The sign-in token lacks the '{error.claim}' claim."
    for kind, message in _JWT_ERRORS:
        if isinstance(error, kind):
            return message
    return f"The sign-in token is not valid: {error}."


def verify(settings: SsoSettings, token: str) -> SsoClaims:
    """The token's claims, or 401 saying what is wrong with it."""
    key = _key_for(settings, token)
    try:
        payload = jwt.decode(
            token,
            key.material,
            algorithms=[key.alg],
            audience=settings.audience,
            issuer=settings.issuer,
            leeway=settings.leeway_seconds,
            options={"require": list(REQUIRED_CLAIMS)},
        )
    except jwt.PyJWTError as error:
        raise Unauthorized(_jwt_message(error)) from error
    try:
        return SsoClaims.model_validate(payload)
    except ValidationError as error:
        fields = ", ".join(sorted({str(e["loc"][0]) for e in error.errors() if e["loc"]}))
        raise Unauthorized(f"The sign-in token has invalid claims: {fields}.") from error


def clean_name(name: str) -> str:
    """The claim as shown: spaces collapsed, characters that show nothing (U+3164, variation
    selectors, ...) taken out, at most 40 characters."""
    cleaned = " ".join(name.split())
    if any(not ch.isprintable() for ch in cleaned):
        raise Unauthorized(BAD_NAME_CLAIM)
    shown = " ".join(without_invisible(cleaned).split())
    if not shown:
        raise Unauthorized(BAD_NAME_CLAIM)
    return shown[:MAX_AUTHOR_NAME_CHARS].rstrip()


async def _name_is_free(
    session: AsyncSession, rt: Runtime, name: str, account_id: int | None
) -> bool:
    """Not reserved, not a staff member's (in any letters) unless the account's own, and held by
    nobody else (a sign-up that is not confirmed yet gives it up)."""
    if is_reserved(name, for_account=True):
        return False
    if await display_names.is_staff_name(session, rt, name, account_id):
        return False
    return await display_names.make_free_for(session, name, account_id)


async def free_name(
    session: AsyncSession, rt: Runtime, site: Site, claims: SsoClaims, account_id: int | None
) -> str:
    """The wanted name, or the name with a suffix derived from who the user is (deterministic:
    the same user always gets the same suffix, and gets the plain name back once it is free).

    A name that reads as staff or as the install ("Moderator", "Rejoinder Staff", in any
    letters) is not shown at all: the reader becomes `Reader (suffix)` and can still comment.
    """
    wanted = clean_name(claims.name)
    if await _name_is_free(session, rt, wanted, account_id):
        return wanted
    base = FALLBACK_NAME if is_reserved(wanted, for_account=True) else wanted
    hashed = identity_hash(rt.signing_key, "sso-name", f"{site.id}:{claims.sub}")
    digest = "".join(ch for ch in hashed if ch.isalnum())  # no "-" or "_" in a name
    for size in NAME_SUFFIX_SIZES:
        candidate = f"{base[: MAX_AUTHOR_NAME_CHARS - size - 3].rstrip()} ({digest[:size]})"
        if await _name_is_free(session, rt, candidate, account_id):
            return candidate
    raise Conflict(f"The display name '{wanted}' is taken; choose another on your own site.")


async def _remember_email(session: AsyncSession, account: Account, email: str | None) -> None:
    """Kept unverified, and only when no account has it: a publisher's word never proves an
    address, and never opens someone else's account (SECURITY 16)."""
    if email is None:
        return
    try:
        address = clean_email(email)  # the same rules as sign-up: nothing mail could trip on
    except Invalid:
        return
    if account.email == address or await account_repo.by_email(session, address) is not None:
        return
    account.email = address
    account.email_verified_at = None


async def _follow_rename(session: AsyncSession, rt: Runtime, account: Account, name: str) -> None:
    """The newsroom renamed its user: their comments show the new name too, so the old one,
    once free, cannot be taken by someone else who would then seem to have written them."""
    if name == account.display_name:
        return
    account.display_name = name
    await session.flush()
    for story_id in await account_repo.rename_in_comments(session, account.id, name):
        await stories.record_change(session, rt, story_id, 0)
    after_commit(session, rt.staff_names.forget)  # it may be a staff member's name


async def _linked_account(
    session: AsyncSession, rt: Runtime, site: Site, claims: SsoClaims
) -> Account:
    """First use creates the account and its link; later uses follow the publisher's name."""
    link = await identity_repo.get(session, site.id, claims.sub)
    if link is None:
        name = await free_name(session, rt, site, claims, None)
        account = await account_repo.add(session, Account(display_name=name, created_at=rt.now()))
        await identity_repo.add(
            session, SsoIdentity(site_id=site.id, external_id=claims.sub, account_id=account.id)
        )
    else:
        account = await access.access_account(session, link.account_id)
        await _follow_rename(
            session, rt, account, await free_name(session, rt, site, claims, account.id)
        )
    await _remember_email(session, account, claims.email)
    await session.flush()
    return account


async def _apply_role(
    session: AsyncSession,
    rt: Runtime,
    site: Site,
    account: Account,
    claims: SsoClaims,
    settings: SsoSettings,
) -> SsoRole:
    """A token that names a role decides it on this site, capped by the site's max_role."""
    is_moderator = await access.is_moderator(session, site, account.id)
    if claims.role is None:
        return "moderator" if is_moderator else "reader"
    role = capped_role(claims.role, settings.max_role)
    if role == "moderator":
        await roles.grant_moderator(session, rt, site, account)
    elif is_moderator:
        await roles.revoke_moderator(session, rt, site, account)
    return role


async def account_age_for_hold(
    session: AsyncSession, site: Site, account: Account, now: datetime
) -> float | None:
    """The account's age for the new-account hold, or None to spare it the hold: readers the
    site's own single sign-on made are the publisher's readers already, unless the site's
    `hold_new_sso_accounts` asks to hold them like any new account."""
    spared = not access.settings_of(site).hold_new_sso_accounts
    if spared and await identity_repo.links(session, site.id, account.id):
        return None
    return (now - account.created_at).total_seconds()


async def sign_in(
    session: AsyncSession, rt: Runtime, site_slug: str, token: str, requester: Requester
) -> SsoSignIn:
    site = await access.access_site_for_write(session, site_slug, requester.origin)
    settings = settings_for(site)
    claims = verify(settings, token)
    account = await _linked_account(session, rt, site, claims)
    role = await _apply_role(session, rt, site, account, claims, settings)
    badges = [badge for badge in claims.badges if badge in settings.allowed_badges]
    issued = await auth.open_session(session, rt, account, site_id=site.id)
    return SsoSignIn(account, role, badges, issued)
