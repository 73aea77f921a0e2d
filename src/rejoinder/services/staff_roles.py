"""A staff member's roles, synced from their newsroom provider's claim at every sign-in
(ADR 0012): the claim decides, so a role it no longer gives is taken away, even one an admin
granted by hand. Each change is in the audit log, by the system: `role.add` and `role.remove`
as `services/roles.py` records every grant; `account.admin` here, "from OIDC claim".
"""

from __future__ import annotations

import logging

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.enums import AccountRole
from rejoinder.services import access, audit, roles
from rejoinder.services.after_commit import after_commit
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import Account, Site
from rejoinder.storage.repositories import roles as role_repo
from rejoinder.storage.repositories import sites as site_repo
from rejoinder.storage.repositories import stories as story_repo

log = logging.getLogger(__name__)

REASON = "from OIDC claim"
ADMIN = AccountRole.ADMIN.value


async def sites_to_moderate(session: AsyncSession, slugs: frozenset[str]) -> list[Site]:
    """The mapped sites that exist: a role map naming a missing site grants nothing there."""
    found = []
    for slug in sorted(slugs):
        site = await site_repo.get_by_slug(session, slug)
        if site is None:
            log.warning("REJOINDER_OIDC_ROLE_MAP names site '%s', which does not exist", slug)
        else:
            found.append(site)
    return found


async def sync(
    session: AsyncSession, rt: Runtime, account: Account, admin: bool, sites: list[Site]
) -> None:
    """Admin exactly when `admin`; moderator of exactly `sites`."""
    await _sync_admin(session, rt, account, admin)
    await _sync_moderation(session, rt, account, sites)


async def _sync_admin(session: AsyncSession, rt: Runtime, account: Account, admin: bool) -> None:
    role = ADMIN if admin else AccountRole.READER.value
    if account.role == role:
        return
    before, account.role = account.role, role
    await session.flush()
    await _show_admin_badge(session, rt, account)
    await audit.record(
        session,
        rt,
        site_id=None,
        actor=audit.SYSTEM,
        action="account.admin",
        target_type="account",
        target_id=account.id,
        before={"role": before},
        after={"role": role},
        reason=REASON,
    )


async def _sync_moderation(
    session: AsyncSession, rt: Runtime, account: Account, sites: list[Site]
) -> None:
    wanted = {site.slug: site for site in sites}
    held = set(await role_repo.site_slugs_of(session, account.id))
    for slug in sorted(wanted.keys() - held):
        await roles.grant_moderator(session, rt, wanted[slug], account, audit.SYSTEM)
    for slug in sorted(held - wanted.keys()):
        site = await access.access_site(session, slug)
        await roles.revoke_moderator(session, rt, site, account, audit.SYSTEM)


async def _show_admin_badge(session: AsyncSession, rt: Runtime, account: Account) -> None:
    """An admin's comments carry the staff badge on every site (as a moderator's do on theirs,
    `roles._show_new_badge`): their stories get new versions, and cached lookups go."""
    story_ids: list[int] = []
    for site in await site_repo.list_all(session):
        story_ids += await story_repo.bump_versions_shown_by(session, site.id, account.id)

    def forget() -> None:
        rt.staff_names.forget()
        for story_id in story_ids:
            rt.stories.forget_story(story_id)

    after_commit(session, forget)
