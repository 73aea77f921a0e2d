"""Story surges raised to the moderators (SECURITY 31, docs/brigading.md).

The surge phase (moderation/phases/surge.py) holds a comment with the reason `story_surge`; the
post then raises the story's alert here, with the evidence (counts, window, the network
identities as short opaque keys, the new accounts' ages). The alert shows on the site's card of
`/admin/` and above its queues until a moderator clears it; clearing is audited
(`story.clear_alert`, target the story's id) and restarts the count, so only comments after it
make the next surge.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.errors import NotFound
from rejoinder.domain.moderation import CommentFacts
from rejoinder.domain.principal import Principal
from rejoinder.moderation import surges
from rejoinder.moderation.phases.surge import SURGE_CODE
from rejoinder.services import access, audit, workspace
from rejoinder.services import moderation as moderation_service
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import Site, Story
from rejoinder.storage.repositories import stories as story_repo
from rejoinder.storage.repositories import story_alerts as alert_repo

MAX_ALERTS_SHOWN = 20


@dataclass(frozen=True)
class Alert:
    id: int
    story_key: str
    story_title: str
    opened_at: datetime
    last_seen_at: datetime
    held: int
    evidence: dict[str, Any]


def held_for_surge(result: moderation_service.Review) -> bool:
    return any(reason.get("code") == SURGE_CODE for reason in result.reasons)


async def raise_for(
    session: AsyncSession,
    rt: Runtime,
    site: Site,
    story: Story,
    submission: moderation_service.Submission,
) -> None:
    """Open (or keep open) the story's alert with the surge's evidence. Called before the held
    comment is written, so the story's comments are counted as the phase counted them."""
    settings = moderation_service.settings_for(site)
    now = rt.now()
    facts = CommentFacts(
        text=submission.text,
        author_key=submission.author_key,
        author_account_age_seconds=submission.account_age_seconds,
        author_is_guest=submission.is_guest,
        network_key=submission.network_key,
        now=now.timestamp(),
        story_posts=await moderation_service.story_posts(session, story, settings, now),
    )
    surge = surges.assess(facts, settings)
    if surge is not None:
        await alert_repo.raise_alert(session, site.id, story.id, surge.evidence(), now)


def _alert(row: Any, story: Story) -> Alert:
    return Alert(
        id=row.id,
        story_key=story.key,
        story_title=story.title,
        opened_at=row.opened_at,
        last_seen_at=row.last_seen_at,
        held=row.held,
        evidence=dict(row.evidence or {}),
    )


async def _open_alerts(session: AsyncSession, sites: list[Site]) -> dict[str, list[Alert]]:
    by_id = {site.id: site.slug for site in sites}
    rows = await alert_repo.open_on_sites(session, list(by_id), MAX_ALERTS_SHOWN)
    found: dict[str, list[Alert]] = {}
    for row, story in rows:
        found.setdefault(by_id[row.site_id], []).append(_alert(row, story))
    return found


async def alerts_for_staff(session: AsyncSession, principal: Principal) -> dict[str, list[Alert]]:
    """Open alerts of every site the caller may moderate, by site slug (for `/admin/`)."""
    return await _open_alerts(session, await workspace.sites_for_staff(session, principal))


async def alerts_on_site(
    session: AsyncSession, site_slug: str, principal: Principal
) -> list[Alert]:
    """A site's open alerts, for its moderators (above its queues)."""
    site = await access.access_site_as_moderator(session, site_slug, principal)
    return (await _open_alerts(session, [site])).get(site.slug, [])


async def clear(
    session: AsyncSession,
    rt: Runtime,
    site_slug: str,
    alert_id: int,
    principal: Principal,
    reason: str = "",
) -> Alert:
    """A moderator has looked: close the alert, keep who did it and what it showed."""
    site = await access.access_site_as_moderator(session, site_slug, principal)
    row = await alert_repo.get_open(session, site.id, alert_id)
    if row is None:
        raise NotFound("This alert is not open (already cleared, or not on this site).")
    story = await story_repo.get_by_id(session, row.story_id)
    if story is None:  # pragma: no cover - the alert goes with its story (ON DELETE CASCADE)
        raise NotFound("This alert's story no longer exists.")
    shown = _alert(row, story)
    if not await alert_repo.clear(session, row.id, principal.account_id, rt.now()):
        raise NotFound("This alert was cleared by somebody else a moment ago.")
    await audit.record(
        session,
        rt,
        site_id=site.id,
        actor=audit.actor_of(principal),
        action="story.clear_alert",
        target_type="story",
        target_id=story.id,
        before={"alert": "open", "held": shown.held, "evidence": shown.evidence},
        after={"alert": "cleared", "story": story.key},
        reason=reason.strip()[: audit.MAX_REASON_CHARS],
    )
    return shown
