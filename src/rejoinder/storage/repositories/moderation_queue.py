"""Queries for moderators: a site's pending, flagged and reported comments (SECURITY 27)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Literal

from sqlalchemy import ColumnElement, ScalarSelect, and_, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.enums import CommentStatus, DecisionAction
from rejoinder.storage.models import Comment, ModerationDecision, Report, Story

QueueKind = Literal["pending", "flagged", "reported"]
SYSTEM_ACTOR = "system"


def _last_reviewed_at() -> ScalarSelect[datetime]:
    """When a person last decided about the comment (None if nobody has)."""
    return (
        select(func.max(ModerationDecision.created_at))
        .where(
            ModerationDecision.comment_id == Comment.id,
            ModerationDecision.actor != SYSTEM_ACTOR,
        )
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
