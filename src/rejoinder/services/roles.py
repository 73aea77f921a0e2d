"""Who may moderate where (SECURITY 18, 27): admins everywhere, moderators on their own sites.

An API token acts as its account. A session opened by a site's single sign-on speaks for that
site only, so it can never reach another site's moderation nor install-wide administration.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.enums import AccountRole
from rejoinder.domain.errors import Forbidden, NotFound
from rejoinder.domain.principal import Principal
from rejoinder.services import access
from rejoinder.services.after_commit import after_commit
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import Account, Site, SiteRole
from rejoinder.storage.repositories import accounts as account_repo
from rejoinder.storage.repositories import roles as role_repo
from rejoinder.storage.repositories import stories as story_repo

MODERATOR = AccountRole.MODERATOR.value


async def is_moderator(session: AsyncSession, site: Site, account_id: int) -> bool:
    return await role_repo.role_of(session, site.id, account_id) == MODERATOR


async def require_moderator(session: AsyncSession, site: Site, principal: Principal) -> None:
    """Moderator of this site, or admin; anyone else gets 403."""
    access.check_principal_for_site(site, principal)
    if principal.is_admin:
        return
    if await is_moderator(session, site, principal.account_id):
        return
    raise Forbidden(f"You are not a moderator of site '{site.slug}'.")


def acts_as_admin(principal: Principal) -> bool:
    """An admin account, and not through a site's single sign-on (which never acts as one)."""
    return principal.is_admin and principal.session_site_id is None


async def is_staff(session: AsyncSession, site: Site, account: Account) -> bool:
    """An admin, or a moderator of this site."""
    return account.role == AccountRole.ADMIN.value or await is_moderator(session, site, account.id)


def require_admin(principal: Principal) -> None:
    """Install-wide powers: an admin account, never through a site's single sign-on."""
    if not principal.is_admin:
        raise Forbidden("Only an administrator can do this.")
    if principal.session_site_id is not None:
        raise Forbidden("A single sign-on session cannot act as an administrator.")


async def account_by_id(session: AsyncSession, account_id: int) -> Account:
    account = await account_repo.get(session, account_id)
    if account is None:
        raise NotFound(f"There is no account {account_id}.")
    return account


async def grant_moderator(session: AsyncSession, rt: Runtime, site: Site, account: Account) -> None:
    """Idempotent: granting twice leaves one role."""
    if not await is_moderator(session, site, account.id):
        await role_repo.add(session, site.id, account.id, MODERATOR)
        await _show_new_badge(session, rt, site, account)


async def revoke_moderator(
    session: AsyncSession, rt: Runtime, site: Site, account: Account
) -> bool:
    removed = await role_repo.remove(session, site.id, account.id)
    if removed:
        await _show_new_badge(session, rt, site, account)
    return removed


async def _show_new_badge(session: AsyncSession, rt: Runtime, site: Site, account: Account) -> None:
    """The account becomes staff of the site or stops being it. Its comments there gain or lose
    the "staff" badge: their stories get new versions (so no cached page of them is used again),
    and this process drops its lookups of those stories, and its staff names, once committed;
    other processes see the new versions within `read_freshness_seconds`, as for any write."""
    story_ids = await story_repo.bump_versions_shown_by(session, site.id, account.id)

    def forget() -> None:
        rt.staff_names.forget()  # the names nobody else may look like changed too
        for story_id in story_ids:
            rt.stories.forget_story(story_id)

    after_commit(session, forget)


async def moderators(session: AsyncSession, site: Site) -> list[tuple[SiteRole, Account]]:
    return await role_repo.members(session, site.id)


async def list_for_staff(
    session: AsyncSession, site_slug: str, principal: Principal
) -> list[Account]:
    """A site's moderators, for its moderators and admins."""
    site = await access.site_by_slug(session, site_slug)
    await require_moderator(session, site, principal)
    return [account for _role, account in await moderators(session, site)]


async def add_by_admin(
    session: AsyncSession, rt: Runtime, site_slug: str, account_id: int, principal: Principal
) -> Account:
    require_admin(principal)
    site = await access.site_by_slug(session, site_slug)
    account = await account_by_id(session, account_id)
    await grant_moderator(session, rt, site, account)
    return account


async def remove_by_admin(
    session: AsyncSession, rt: Runtime, site_slug: str, account_id: int, principal: Principal
) -> None:
    require_admin(principal)
    site = await access.site_by_slug(session, site_slug)
    account = await account_by_id(session, account_id)
    if not await revoke_moderator(session, rt, site, account):
        raise NotFound(f"Account {account_id} is not a moderator of site '{site.slug}'.")
