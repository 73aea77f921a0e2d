"""A site's weekly digest for editors (issue 18): the stories most discussed in the last 7 days,
each with its comment count, its temperature (the busiest interval, the flagged share, the
heated moments) and its main viewpoints, as its stored insight (services/insight.py) has them.

Read by the dashboard's digest page. A story whose insight no job has stored yet is listed
without them: the digest computes nothing itself (ten stories of 10,000 comments would take
half a minute).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.principal import Principal
from rejoinder.services import access
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import Site
from rejoinder.storage.repositories import digest as digest_repo
from rejoinder.storage.repositories import insights as insight_repo

WINDOW = timedelta(days=7)
TOP_STORIES = 10
TOP_VIEWPOINTS = 3


@dataclass(frozen=True)
class Peak:
    start: datetime
    end: datetime
    comments: int


@dataclass(frozen=True)
class DigestStory:
    key: str
    title: str
    url: str
    comments: int  # posted in the window
    computed_at: datetime | None  # None: no insight stored yet (the rest is empty then)
    peak: Peak | None = None  # the interval with the most comments
    flagged_share: float | None = None  # of all the story's comments insight read
    heated: int = 0  # heated intervals
    viewpoints: tuple[str, ...] = ()  # labels of the largest viewpoints


@dataclass(frozen=True)
class Digest:
    site_slug: str
    site_name: str
    since: datetime
    now: datetime
    stories: list[DigestStory]


def _time(value: Any) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def summarise(
    key: str, title: str, url: str, comments: int, payload: dict[str, Any] | None,
    computed_at: datetime | None,
) -> DigestStory:  # fmt: skip
    """A story's line of the digest from its stored insight's JSON (None: none stored)."""
    if payload is None:
        return DigestStory(key, title, url, comments, None)
    intervals = [i for i in payload.get("temperature") or [] if isinstance(i, dict)]
    peak = max(intervals, key=lambda i: int(i.get("comments") or 0), default=None)
    total = sum(int(i.get("comments") or 0) for i in intervals)
    flagged = sum(int(i.get("flagged") or 0) for i in intervals)
    viewpoints = sorted(
        (v for v in payload.get("viewpoints") or [] if isinstance(v, dict)),
        key=lambda v: -float(v.get("share") or 0.0),
    )
    return DigestStory(
        key, title, url, comments, computed_at,
        peak=Peak(_time(peak["start"]), _time(peak["end"]), int(peak.get("comments") or 0))
        if peak else None,
        flagged_share=flagged / total if total else None,
        heated=sum(1 for i in intervals if i.get("heated")),
        viewpoints=tuple(str(v.get("label") or "") for v in viewpoints[:TOP_VIEWPOINTS]),
    )  # fmt: skip


async def digest_of(session: AsyncSession, rt: Runtime, site: Site) -> Digest:
    now = rt.now()
    since = now - WINDOW
    busiest = await digest_repo.most_discussed(session, site.id, since, TOP_STORIES)
    stories = []
    for story in busiest:
        row = await insight_repo.get(session, story.story_id)
        payload, computed_at = (row.payload, row.computed_at) if row else (None, None)
        stories.append(
            summarise(story.key, story.title, story.url, story.comments, payload, computed_at)
        )
    return Digest(site.slug, site.name, since, now, stories)


async def digest(session: AsyncSession, rt: Runtime, slug: str, principal: Principal) -> Digest:
    """The site's digest, for its moderators and admins."""
    site = await access.access_site_as_moderator(session, slug, principal)
    return await digest_of(session, rt, site)
