"""What the moderator workspace shows before any queue: the sites a member of staff may moderate."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.enums import QUEUE_KINDS, WORK_QUEUES
from rejoinder.domain.principal import Principal
from rejoinder.services.access.staff import acts_as_admin
from rejoinder.storage.models import Site
from rejoinder.storage.repositories import moderation_queue as queue_repo
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


@dataclass(frozen=True)
class SiteCard:
    site: Site
    waiting: dict[str, int]  # pending, reported, flagged, illegal: what waits for a person


async def site_cards(session: AsyncSession, principal: Principal) -> list[SiteCard]:
    """Each site staff may moderate, with how much waits in each of its work queues."""
    kinds = [kind for kind in QUEUE_KINDS if kind in WORK_QUEUES]
    return [
        SiteCard(site, {kind: await queue_repo.count(session, site.id, kind) for kind in kinds})
        for site in await sites_for_staff(session, principal)
    ]
