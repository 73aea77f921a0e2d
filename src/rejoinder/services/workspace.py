"""What the moderator workspace shows before any queue: the sites a member of staff may moderate."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.principal import Principal
from rejoinder.services.access.staff import acts_as_admin
from rejoinder.storage.models import Site
from rejoinder.storage.repositories import roles as role_repo
from rejoinder.storage.repositories import sites as site_repo


async def sites_for_staff(session: AsyncSession, principal: Principal) -> list[Site]:
    """Every site for an admin; a moderator's own sites; nothing for anyone else. A session
    opened by a site's single sign-on sees that site only (if its account moderates it)."""
    everything = await site_repo.list_all(session)
    if acts_as_admin(principal):
        return everything
    mine = set(await role_repo.site_slugs_of(session, principal.account_id))
    return [
        site
        for site in everything
        if site.slug in mine
        and (principal.session_site_id is None or principal.session_site_id == site.id)
    ]
