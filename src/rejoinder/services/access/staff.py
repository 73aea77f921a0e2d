"""Who may moderate where (SECURITY 18, 27): admins everywhere, moderators on their own sites.

An API token acts as its account. A session opened by a site's single sign-on speaks for that
site only, so it can never reach another site's moderation nor install-wide administration. A
moderator's right to the site is checked before any comment or reader is looked up in it, and
those are looked up within that site only: another site's comment is a 404 even on their own.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.enums import AccountRole
from rejoinder.domain.errors import Forbidden, Unauthorized
from rejoinder.domain.principal import Principal
from rejoinder.services.access.accounts import access_account
from rejoinder.services.access.comments import CommentOnSite, access_comment_in_site
from rejoinder.services.access.sites import access_site, check_principal_for_site
from rejoinder.storage.models import Account, Site
from rejoinder.storage.repositories import roles as role_repo

STAFF_ONLY = (
    "Only an administrator can see or change the standing and notes of a moderator "
    "or an administrator."
)


@dataclass(frozen=True)
class AccountOnSite:
    site: Site
    account: Account


async def is_moderator(session: AsyncSession, site: Site, account_id: int) -> bool:
    return await role_repo.role_of(session, site.id, account_id) == AccountRole.MODERATOR.value


async def is_staff(session: AsyncSession, site: Site, account: Account) -> bool:
    """An admin, or a moderator of this site."""
    return account.role == AccountRole.ADMIN.value or await is_moderator(session, site, account.id)


def acts_as_admin(principal: Principal) -> bool:
    """An admin account, and not through a site's single sign-on (which never acts as one)."""
    return principal.is_admin and principal.session_site_id is None


def check_admin(principal: Principal) -> None:
    """Install-wide powers: an admin account, never through a site's single sign-on."""
    if not principal.is_admin:
        raise Forbidden("Only an administrator can do this.")
    if principal.session_site_id is not None:
        raise Forbidden("A single sign-on session cannot act as an administrator.")


async def check_moderator(session: AsyncSession, site: Site, principal: Principal) -> None:
    """Moderator of this site, or admin; anyone else gets 403."""
    check_principal_for_site(site, principal)
    if principal.is_admin:
        return
    if await is_moderator(session, site, principal.account_id):
        return
    raise Forbidden(f"You are not a moderator of site '{site.slug}'.")


async def access_site_as_moderator(session: AsyncSession, slug: str, principal: Principal) -> Site:
    site = await access_site(session, slug)
    await check_moderator(session, site, principal)
    return site


async def access_comment_as_moderator(
    session: AsyncSession, slug: str, comment_id: int, principal: Principal
) -> CommentOnSite:
    """A comment of the site in any state, for a moderator of that site."""
    site = await access_site_as_moderator(session, slug, principal)
    comment = await access_comment_in_site(session, site, comment_id)
    return CommentOnSite(site, comment)


async def _check_standing_target(
    session: AsyncSession, site: Site, principal: Principal, account: Account
) -> None:
    """The standing and notes of staff are for admins only: no moderator silences another."""
    if acts_as_admin(principal):
        return
    if await is_staff(session, site, account):
        raise Forbidden(STAFF_ONLY)


async def access_reader_as_moderator(
    session: AsyncSession, slug: str, account_id: int, principal: Principal
) -> AccountOnSite:
    """The site and the account whose standing there the principal may see and change."""
    site = await access_site_as_moderator(session, slug, principal)
    account = await access_account(session, account_id)
    await _check_standing_target(session, site, principal, account)
    return AccountOnSite(site, account)


async def access_account_as_admin(
    session: AsyncSession, account_id: int, principal: Principal
) -> Account:
    check_admin(principal)
    return await access_account(session, account_id)


async def access_site_and_account_as_admin(
    session: AsyncSession, slug: str, account_id: int, principal: Principal
) -> AccountOnSite:
    check_admin(principal)
    site = await access_site(session, slug)
    account = await access_account(session, account_id)
    return AccountOnSite(site, account)


def check_metrics_scraper(principal: Principal | None) -> None:
    """`/metrics` is for an admin's API token: a browser session, even an admin's, is not a
    scraper; only a revocable API token is."""
    if principal is None:
        raise Unauthorized("Send an admin's API token as 'Authorization: Bearer rjt_...'.")
    if principal.via != "api_token":
        raise Forbidden("Metrics are for an admin's API token.")
    if not principal.is_admin:
        raise Forbidden("Metrics are for an admin's API token.")
