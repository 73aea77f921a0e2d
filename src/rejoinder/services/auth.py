"""Sign-in sessions and admin API tokens: issue, resolve, revoke (SECURITY 18).

Only HMACs of the secrets are stored. A session token travels in an HttpOnly cookie (then every
write also needs its CSRF token) or as a bearer token (the widget across origins).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.errors import NotFound
from rejoinder.domain.principal import AuthMethod, Principal
from rejoinder.platform.secrets import new_secret, secret_hash
from rejoinder.platform.tokens import identity_hash
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import Account, ApiToken, AuthSession
from rejoinder.storage.repositories import auth as auth_repo

SESSION_PREFIX = "rjs"
API_TOKEN_PREFIX = "rjt"  # noqa: S105 (a prefix, not a secret)


@dataclass(frozen=True)
class IssuedSession:
    token: str
    csrf_token: str
    max_age_seconds: int


def csrf_token_for(rt: Runtime, session_token: str) -> str:
    """Bound to the session: a page that cannot read our responses cannot know it."""
    return identity_hash(rt.signing_key, "csrf", session_token)


SSO_SESSION_LIFETIME = timedelta(hours=24)


async def open_session(
    session: AsyncSession, rt: Runtime, account: Account, site_id: int | None = None
) -> IssuedSession:
    """A new sign-in. A site's SSO session lasts a day: the publisher's page signs its reader in
    again on every visit, so a long one would only pile up rows."""
    token = new_secret(SESSION_PREFIX)
    lifetime = timedelta(days=rt.settings.session_days)
    if site_id is not None:
        lifetime = min(lifetime, SSO_SESSION_LIFETIME)
    await auth_repo.delete_expired_sessions_of(session, account.id, rt.now())
    await auth_repo.add_session(
        session,
        AuthSession(
            token_hash=secret_hash(rt.signing_key, token),
            account_id=account.id,
            site_id=site_id,
            expires_at=rt.now() + lifetime,
        ),
    )
    return IssuedSession(token, csrf_token_for(rt, token), int(lifetime.total_seconds()))


async def close_session(session: AsyncSession, rt: Runtime, token: str) -> None:
    """Logout: the token stops working everywhere at once (server-side)."""
    await auth_repo.delete_session(session, secret_hash(rt.signing_key, token))


async def close_all_sessions(session: AsyncSession, account_id: int) -> None:
    await auth_repo.delete_sessions_of(session, account_id)


async def principal_for(
    session: AsyncSession, rt: Runtime, token: str, via: AuthMethod
) -> Principal | None:
    """The account behind a session or API token, or None when it is unknown or expired."""
    hashed = secret_hash(rt.signing_key, token)
    if token.startswith(f"{API_TOKEN_PREFIX}_"):
        found_token = await auth_repo.live_token(session, hashed)
        if found_token is None:
            return None
        api_token, account = found_token
        api_token.last_used_at = rt.now()
        return Principal(account.id, account.display_name, account.role == "admin", "api_token")
    found = await auth_repo.live_session(session, hashed, rt.now())
    if found is None:
        return None
    auth_session, account = found
    return Principal(
        account.id, account.display_name, account.role == "admin", via, auth_session.site_id
    )


async def create_api_token(
    session: AsyncSession, rt: Runtime, account: Account, name: str
) -> tuple[ApiToken, str]:
    """The token's secret is returned once, here; only its HMAC is kept."""
    secret = new_secret(API_TOKEN_PREFIX)
    row = await auth_repo.add_token(
        session,
        ApiToken(account_id=account.id, name=name, token_hash=secret_hash(rt.signing_key, secret)),
    )
    return row, secret


async def revoke_api_token(session: AsyncSession, rt: Runtime, token_id: int) -> None:
    if not await auth_repo.revoke_token(session, token_id, rt.now()):
        raise NotFound(f"There is no live API token {token_id}.")
