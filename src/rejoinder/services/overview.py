"""The editor's overview of a site: how much is posted, where, and how the queues keep up.

For a site's moderators and admins. Hours are whole UTC hours: the chart's last bar is the
current hour so far. Volumes count every comment posted here (whatever became of it); "held" is
what the checks held (on posting or on an edit), "rejected" what is rejected now (by the checks or
a moderator); decisions are those of people, not of the pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.principal import Principal
from rejoinder.services import access
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import Site
from rejoinder.storage.repositories import overview as overview_repo

CHART_HOURS = 48
ACTIVITY_WINDOW = timedelta(hours=24)
OUTCOME_WINDOW = timedelta(days=7)
DECISION_WINDOW = timedelta(hours=24)
TOP_STORIES = 10


@dataclass(frozen=True)
class HourCount:
    start: datetime
    count: int


@dataclass(frozen=True)
class StoryActivity:
    key: str
    title: str
    url: str
    comments: int  # posted in the last 24 hours
    pending: int  # waiting in the pending queue now


@dataclass(frozen=True)
class QueueHealth:
    pending: int
    oldest_pending_age: timedelta | None
    decisions: int  # by people, in the last 24 hours
    unreviewed_reports: int

    @property
    def decisions_per_hour(self) -> float:
        return self.decisions / (DECISION_WINDOW / timedelta(hours=1))


@dataclass(frozen=True)
class Outcomes:
    posted: int
    held: int
    rejected: int

    @property
    def held_share(self) -> float:
        return self.held / self.posted if self.posted else 0.0

    @property
    def rejected_share(self) -> float:
        return self.rejected / self.posted if self.posted else 0.0


@dataclass(frozen=True)
class Overview:
    site_slug: str
    site_name: str
    now: datetime
    hours: list[HourCount]
    stories: list[StoryActivity]
    queue: QueueHealth
    outcomes: Outcomes


def hour_edges(now: datetime, hours: int = CHART_HOURS) -> list[datetime]:
    """The starts of the last `hours` whole hours (the current one last), and `now`'s next hour."""
    current = now.replace(minute=0, second=0, microsecond=0)
    first = current - timedelta(hours=hours - 1)
    return [first + timedelta(hours=step) for step in range(hours + 1)]


async def _hours(session: AsyncSession, site: Site, now: datetime) -> list[HourCount]:
    edges = hour_edges(now)
    counts = await overview_repo.counts_per_bucket(session, site.id, edges)
    return [HourCount(start, count) for start, count in zip(edges[:-1], counts, strict=True)]


async def _stories(session: AsyncSession, site: Site, now: datetime) -> list[StoryActivity]:
    busiest = await overview_repo.busiest_stories(
        session, site.id, now - ACTIVITY_WINDOW, TOP_STORIES
    )
    pending = await overview_repo.pending_by_story(session, site.id, [s.story_id for s in busiest])
    return [
        StoryActivity(s.key, s.title, s.url, s.comments, pending.get(s.story_id, 0))
        for s in busiest
    ]


async def _queue(session: AsyncSession, site: Site, now: datetime) -> QueueHealth:
    pending, oldest = await overview_repo.pending_summary(session, site.id)
    return QueueHealth(
        pending=pending,
        oldest_pending_age=max(now - oldest, timedelta(0)) if oldest else None,
        decisions=await overview_repo.decisions_by_people(session, site.id, now - DECISION_WINDOW),
        unreviewed_reports=await overview_repo.unreviewed_reports(session, site.id),
    )


async def _outcomes(session: AsyncSession, site: Site, now: datetime) -> Outcomes:
    found = await overview_repo.outcomes_since(session, site.id, now - OUTCOME_WINDOW)
    return Outcomes(found.posted, found.held, found.rejected)


async def overview(session: AsyncSession, rt: Runtime, slug: str, principal: Principal) -> Overview:
    site = await access.access_site_as_moderator(session, slug, principal)
    now = rt.now()
    return Overview(
        site_slug=site.slug,
        site_name=site.name,
        now=now,
        hours=await _hours(session, site, now),
        stories=await _stories(session, site, now),
        queue=await _queue(session, site, now),
        outcomes=await _outcomes(session, site, now),
    )
