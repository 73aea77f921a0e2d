"""Moderators: appointed per site by admins (or a site's single sign-on), listed for staff.

Who may moderate where is decided in `services/access/staff.py`. Each grant and revocation that
changes something is in the audit log (`role.add`, `role.remove`; target the account): by the
admin who asked, `audit.CLI` from the command line, `audit.SYSTEM` (the default) for a site's
single sign-on.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.enums import AccountRole
from rejoinder.domain.errors import NotFound
from rejoinder.domain.principal import Principal
from rejoinder.services import access, audit
from rejoinder.services.after_commit import after_commit
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import Account, Site, SiteRole
from rejoinder.storage.repositories import roles as role_repo
from rejoinder.storage.repositories import stories as story_repo

MODERATOR = AccountRole.MODERATOR.value


async def grant_moderator(
    session: AsyncSession,
    rt: Runtime,
    site: Site,
    account: Account,
    actor: audit.Actor = audit.SYSTEM,
) -> None:
    """Idempotent: granting twice leaves one role (and one audit entry)."""
    if not await access.is_moderator(session, site, account.id):
        await role_repo.add(session, site.id, account.id, MODERATOR)
        await _audit(session, rt, site, account, actor, "role.add")
        await _show_new_badge(session, rt, site, account)


async def revoke_moderator(
    session: AsyncSession,
    rt: Runtime,
    site: Site,
    account: Account,
    actor: audit.Actor = audit.SYSTEM,
) -> bool:
    removed = await role_repo.remove(session, site.id, account.id)
    if removed:
        await _audit(session, rt, site, account, actor, "role.remove")
        await _show_new_badge(session, rt, site, account)
    return removed


async def _audit(
    session: AsyncSession,
    rt: Runtime,
    site: Site,
    account: Account,
    actor: audit.Actor,
    action: str,
) -> None:
    added = action == "role.add"
    await audit.record(
        session,
        rt,
        site_id=site.id,
        actor=actor,
        action=action,
        target_type="account",
        target_id=account.id,
        before={"role": None if added else MODERATOR},
        after={"role": MODERATOR if added else None},
    )


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


async def still_staff(session: AsyncSession, site_id: int, account: Account) -> bool:
    """A moderator of the site or an admin now: a mail queued for staff checks again when it
    goes out (roles change between the enqueue and the run)."""
    if account.role == AccountRole.ADMIN:
        return True
    return await role_repo.role_of(session, site_id, account.id) == "moderator"


async def moderators(session: AsyncSession, site: Site) -> list[tuple[SiteRole, Account]]:
    return await role_repo.members(session, site.id)


async def list_for_staff(
    session: AsyncSession, site_slug: str, principal: Principal
) -> list[Account]:
    """A site's moderators, for its moderators and admins."""
    site = await access.access_site_as_moderator(session, site_slug, principal)
    return [account for _role, account in await moderators(session, site)]


async def add_by_admin(
    session: AsyncSession, rt: Runtime, site_slug: str, account_id: int, principal: Principal
) -> Account:
    found = await access.access_site_and_account_as_admin(session, site_slug, account_id, principal)
    await grant_moderator(session, rt, found.site, found.account, audit.actor_of(principal))
    return found.account


async def remove_by_admin(
    session: AsyncSession, rt: Runtime, site_slug: str, account_id: int, principal: Principal
) -> None:
    found = await access.access_site_and_account_as_admin(session, site_slug, account_id, principal)
    actor = audit.actor_of(principal)
    if not await revoke_moderator(session, rt, found.site, found.account, actor):
        raise NotFound(f"Account {account_id} is not a moderator of site '{found.site.slug}'.")
