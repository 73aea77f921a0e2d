"""Who is signed in, and which accounts they may reach (SECURITY 8, 11, 18)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.errors import Forbidden, Invalid, NotFound, Unauthorized
from rejoinder.domain.principal import Principal
from rejoinder.platform.secrets import same_secret
from rejoinder.services import auth
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import Account
from rejoinder.storage.repositories import accounts as account_repo

CSRF_HEADER = "X-CSRF-Token"


def access_signed_in(principal: Principal | None) -> Principal:
    if principal is None:
        raise Unauthorized("Please sign in first.")
    return principal


async def access_bearer(session: AsyncSession, rt: Runtime, token: str) -> Principal:
    """The sign-in behind a bearer token: an unknown or expired one is a 401, not a guest."""
    principal = await auth.principal_for(session, rt, token, "bearer")
    if principal is None:
        raise Unauthorized("This token is not valid or has expired; please sign in again.")
    return principal


def check_csrf(rt: Runtime, session_token: str, sent: str) -> None:
    """A write authenticated by the session cookie carries that session's CSRF token."""
    if not sent:
        raise Forbidden(f"This request needs the {CSRF_HEADER} header of your session.")
    if not same_secret(sent, auth.csrf_token_for(rt, session_token)):
        raise Forbidden(f"This request needs the {CSRF_HEADER} header of your session.")


def check_same_origin(origin: str | None, own_origin: str) -> None:
    """A dashboard write comes from a page of this origin (browsers send Origin on every POST;
    a caller that sends none is no browser, and the CSRF token still decides)."""
    if origin is not None and origin.lower() != own_origin.lower():
        raise Forbidden("Please use the dashboard's own pages to make changes.")


def check_dashboard_write(
    rt: Runtime, session_token: str, sent: str | None, origin: str | None, own_origin: str
) -> None:
    """A dashboard form or htmx request: from this origin, with the session's CSRF token."""
    check_same_origin(origin, own_origin)
    if not sent:
        raise Forbidden("This form has expired; reload the page and try again.")
    if not same_secret(sent, auth.csrf_token_for(rt, session_token)):
        raise Forbidden("This form has expired; reload the page and try again.")


def check_form_csrf(rt: Runtime, session_token: str, sent: str) -> None:
    """A form of the install's own reader pages, posted with the session cookie, carries that
    session's CSRF token (the page put it in a hidden field)."""
    if not sent:
        raise Forbidden("This form has expired; reload the page and try again.")
    if not same_secret(sent, auth.csrf_token_for(rt, session_token)):
        raise Forbidden("This form has expired; reload the page and try again.")


async def access_own_account(session: AsyncSession, principal: Principal) -> Account:
    account = await account_repo.get(session, principal.account_id)
    if account is None:
        raise Unauthorized("Your account no longer exists; please sign in again.")
    return account


async def access_account_to_delete(session: AsyncSession, principal: Principal) -> Account:
    # A server-to-server token is not the person: it must not be able to erase them.
    if principal.via == "api_token":
        raise Forbidden("An API token cannot delete its account; sign in as the person instead.")
    return await access_own_account(session, principal)


async def access_account(session: AsyncSession, account_id: int) -> Account:
    account = await account_repo.get(session, account_id)
    if account is None:
        raise NotFound(f"There is no account {account_id}.")
    return account


async def access_reader_to_mute(
    session: AsyncSession, principal: Principal, account_id: int
) -> Account:
    if account_id == principal.account_id:
        raise Invalid("You cannot mute yourself.")
    muted = await account_repo.get(session, account_id)
    if muted is None:
        raise NotFound(f"There is no reader {account_id}.")
    return muted
