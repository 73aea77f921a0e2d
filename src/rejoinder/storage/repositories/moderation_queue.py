"""Queries for moderators: a site's pending, flagged and reported comments (SECURITY 27)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, ScalarSelect, and_, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.enums import CommentStatus, DecisionAction, QueueKind
from rejoinder.storage.models import Comment, ModerationDecision, Report, Story

SYSTEM_ACTOR = "system"


def _last_reviewed_at() -> ScalarSelect[datetime]:
    """When a person last decided about the reported comment (None if nobody has).

    Tied to the report's own comment: correlating on `Comment` from two levels down would leave
    the subquery uncorrelated, and the newest decision on any comment would hide every report.
    """
    return (
        select(func.max(ModerationDecision.created_at))
        .where(
            ModerationDecision.comment_id == Report.comment_id,
            ModerationDecision.actor != SYSTEM_ACTOR,
        )
        .correlate(Report)
        .scalar_subquery()
    )


def _reported_since_review() -> ColumnElement[bool]:
    reviewed = _last_reviewed_at()
    return exists(
        select(Report.id).where(
            Report.comment_id == Comment.id,
            or_(reviewed.is_(None), Report.created_at > reviewed),
        )
    )


def _in_queue(kind: QueueKind) -> ColumnElement[bool]:
    if kind == "pending":
        return Comment.status == CommentStatus.PENDING
    published = Comment.status == CommentStatus.PUBLISHED
    if kind == "flagged":
        return and_(published, Comment.moderation["action"].as_string() == DecisionAction.FLAG)
    return and_(published, _reported_since_review())


async def page(
    session: AsyncSession, site_id: int, kind: QueueKind, limit: int, after_id: int | None
) -> list[tuple[Comment, Story]]:
    """Oldest first, `limit + 1` rows so the caller knows whether another page follows."""
    query = (
        select(Comment, Story)
        .join(Story, Story.id == Comment.story_id)
        .where(Comment.site_id == site_id, _in_queue(kind))
    )
    if after_id is not None:
        query = query.where(Comment.id > after_id)
    result = await session.execute(query.order_by(Comment.id).limit(limit + 1))
    return [(row[0], row[1]) for row in result]


async def report_details(
    session: AsyncSession, site_id: int, comment_ids: Sequence[int], per_comment: int
) -> dict[int, list[Report]]:
    """The newest `per_comment` reports on each comment, with what the reporter wrote."""
    if not comment_ids:
        return {}
    newest_first = func.row_number().over(
        partition_by=Report.comment_id, order_by=(Report.created_at.desc(), Report.id.desc())
    )
    ranked = (
        select(Report.id, newest_first.label("rank"))
        .where(Report.site_id == site_id, Report.comment_id.in_(comment_ids))
        .subquery()
    )
    result = await session.execute(
        select(Report)
        .join(ranked, ranked.c.id == Report.id)
        .where(ranked.c.rank <= per_comment)
        .order_by(Report.comment_id, ranked.c.rank)
    )
    found: dict[int, list[Report]] = {}
    for report in result.scalars():
        found.setdefault(report.comment_id, []).append(report)
    return found


async def report_counts(
    session: AsyncSession, site_id: int, comment_ids: Sequence[int]
) -> dict[int, dict[str, int]]:
    """Reports by reason for each comment: {comment id: {reason: count}}."""
    if not comment_ids:
        return {}
    result = await session.execute(
        select(Report.comment_id, Report.reason, func.count())
        .where(Report.site_id == site_id, Report.comment_id.in_(comment_ids))
        .group_by(Report.comment_id, Report.reason)
    )
    counts: dict[int, dict[str, int]] = {}
    for comment_id, reason, count in result:
        counts.setdefault(comment_id, {})[reason] = count
    return counts
