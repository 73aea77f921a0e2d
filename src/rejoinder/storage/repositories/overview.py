"""Queries for the editor's overview of a site: counts over recent windows, aggregated in SQL.

Every query is bounded by the site and a time window on an indexed column (comments by
`site_id, created_at`, decisions and reports likewise), or by the pending queue's index. Hours are
bucketed with one CASE over the window's hour edges, which both SQLite and PostgreSQL run as they
scan: no date function differs between them. Imported comments were not posted here and are left
out of the volumes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, case, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.enums import CommentStatus, DecisionAction
from rejoinder.storage.models import Comment, ModerationDecision, Report, Story

SYSTEM_ACTOR = "system"


@dataclass(frozen=True)
class StoryCount:
    story_id: int
    key: str
    title: str
    url: str
    comments: int


@dataclass(frozen=True)
class Outcomes:
    posted: int
    held: int
    rejected: int


def _posted_since(site_id: int, since: datetime) -> ColumnElement[bool]:
    return (
        (Comment.site_id == site_id) & (Comment.created_at >= since) & Comment.import_key.is_(None)
    )


async def counts_per_bucket(
    session: AsyncSession, site_id: int, edges: Sequence[datetime]
) -> list[int]:
    """Comments posted in each [edges[i], edges[i + 1]); len(edges) - 1 counts."""
    if len(edges) < 2:
        return []
    bucket = case(
        *((Comment.created_at < edge, index) for index, edge in enumerate(edges[1:])),
        else_=None,
    ).label("bucket")
    result = await session.execute(
        select(bucket, func.count())
        .where(_posted_since(site_id, edges[0]), Comment.created_at < edges[-1])
        .group_by(bucket)
    )
    counts = [0] * (len(edges) - 1)
    for index, count in result:
        if index is not None:
            counts[int(index)] = int(count)
    return counts


async def busiest_stories(
    session: AsyncSession, site_id: int, since: datetime, limit: int
) -> list[StoryCount]:
    """The stories with the most comments posted since `since`, most first."""
    comments = func.count(Comment.id).label("comments")
    result = await session.execute(
        select(Story.id, Story.key, Story.title, Story.url, comments)
        .join(Story, Story.id == Comment.story_id)
        .where(_posted_since(site_id, since))
        .group_by(Story.id, Story.key, Story.title, Story.url)
        .order_by(comments.desc(), Story.id.desc())
        .limit(limit)
    )
    return [StoryCount(row[0], row[1], row[2], row[3], int(row[4])) for row in result]


async def pending_by_story(
    session: AsyncSession, site_id: int, story_ids: Sequence[int]
) -> dict[int, int]:
    if not story_ids:
        return {}
    result = await session.execute(
        select(Comment.story_id, func.count())
        .where(
            Comment.site_id == site_id,
            Comment.status == CommentStatus.PENDING,
            Comment.story_id.in_(story_ids),
        )
        .group_by(Comment.story_id)
    )
    return {story_id: int(count) for story_id, count in result}


async def pending_summary(session: AsyncSession, site_id: int) -> tuple[int, datetime | None]:
    """How many comments wait in the pending queue, and when the oldest of them was posted."""
    result = await session.execute(
        select(func.count(), func.min(Comment.created_at)).where(
            Comment.site_id == site_id, Comment.status == CommentStatus.PENDING
        )
    )
    count, oldest = result.one()
    return int(count), oldest


async def decisions_by_people(session: AsyncSession, site_id: int, since: datetime) -> int:
    result = await session.execute(
        select(func.count()).where(
            ModerationDecision.site_id == site_id,
            ModerationDecision.created_at >= since,
            ModerationDecision.actor != SYSTEM_ACTOR,
        )
    )
    return int(result.scalar_one())


async def unreviewed_reports(session: AsyncSession, site_id: int) -> int:
    """Reports on published comments that no person has decided on since the report came in
    (the `reported` queue's rule, counted by report)."""
    reviewed = (
        select(func.max(ModerationDecision.created_at))
        .where(
            ModerationDecision.comment_id == Report.comment_id,
            ModerationDecision.actor != SYSTEM_ACTOR,
        )
        .correlate(Report)
        .scalar_subquery()
    )
    result = await session.execute(
        select(func.count(Report.id))
        .join(Comment, Comment.id == Report.comment_id)
        .where(
            Report.site_id == site_id,
            Comment.status == CommentStatus.PUBLISHED,
            or_(reviewed.is_(None), Report.created_at > reviewed),
        )
    )
    return int(result.scalar_one())


async def outcomes_since(session: AsyncSession, site_id: int, since: datetime) -> Outcomes:
    """Comments posted since `since`: all, those the checks held (on posting or on an edit;
    a moderator's later decision replaces the comment's own summary, not its trail), and those
    rejected by now."""
    held = exists(
        select(ModerationDecision.id).where(
            ModerationDecision.comment_id == Comment.id,
            ModerationDecision.actor == SYSTEM_ACTOR,
            ModerationDecision.action == DecisionAction.HOLD.value,
        )
    )
    rejected = Comment.status == CommentStatus.REJECTED
    result = await session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(case((held, 1), else_=0)), 0),
            func.coalesce(func.sum(case((rejected, 1), else_=0)), 0),
        ).where(_posted_since(site_id, since))
    )
    posted, held_count, rejected_count = result.one()
    return Outcomes(int(posted), int(held_count), int(rejected_count))
