"""Queries for moderators: a site's pending, flagged and reported comments (SECURITY 27)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    ColumnElement,
    ScalarSelect,
    Select,
    Text,
    and_,
    cast,
    exists,
    func,
    or_,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.enums import CommentStatus, DecisionAction, QueueKind, QueueSort, ReportReason
from rejoinder.storage.models import Comment, ModerationDecision, Report, Story

SYSTEM_ACTOR = "system"
QueueRows = Select[Comment, Story]


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


def _reported_since_review(reason: str | None = None) -> ColumnElement[bool]:
    reviewed = _last_reviewed_at()
    conditions = [
        Report.comment_id == Comment.id,
        or_(reviewed.is_(None), Report.created_at > reviewed),
    ]
    if reason is not None:
        conditions.append(Report.reason == reason)
    return exists(select(Report.id).where(*conditions))


def _in_queue(kind: QueueKind) -> ColumnElement[bool]:
    published = Comment.status == CommentStatus.PUBLISHED
    if kind == "pending":
        return Comment.status == CommentStatus.PENDING
    if kind == "flagged":
        return and_(published, Comment.moderation["action"].as_string() == DecisionAction.FLAG)
    if kind == "reported":
        return and_(published, _reported_since_review())
    if kind == "illegal":  # a DSA notice waits whatever the comment's state, until decided
        visible = Comment.status.in_((CommentStatus.PUBLISHED, CommentStatus.PENDING))
        return and_(visible, _reported_since_review(ReportReason.ILLEGAL))
    if kind == "approved":
        return published
    if kind == "rejected":
        return Comment.status == CommentStatus.REJECTED
    return Comment.status != CommentStatus.DELETED


@dataclass(frozen=True)
class QueueFilter:
    story_key: str | None = None
    author_account_id: int | None = None
    author_key: str | None = None
    author_name: str | None = None
    report_reason: str | None = None
    rule_code: str | None = None  # a pipeline reason's code, e.g. "suspect_words"


@dataclass(frozen=True)
class Position:
    """Where a page starts: after this comment in the queue's order."""

    id: int
    risk: float | None = None  # set when ordered by risk
    created_at: datetime | None = None  # set when ordered by time


def _filtered(query: QueueRows, where: QueueFilter) -> QueueRows:
    if where.story_key is not None:
        query = query.where(Story.key == where.story_key)
    if where.author_account_id is not None:
        query = query.where(Comment.author_account_id == where.author_account_id)
    if where.author_key is not None:
        query = query.where(Comment.author_key == where.author_key)
    if where.author_name is not None:
        query = query.where(func.lower(Comment.author_name) == where.author_name.lower())
    if where.report_reason is not None:
        query = query.where(
            exists(select(Report.id).where(
                Report.comment_id == Comment.id, Report.reason == where.report_reason
            ))
        )  # fmt: skip
    if where.rule_code is not None:
        # The summary is JSON text on both databases, written by the same serialiser; the code
        # was checked to be [a-z_] only, so nothing in it is a LIKE wildcard.
        needle = f'%"code": "{where.rule_code}"%'
        query = query.where(cast(Comment.moderation, Text).like(needle))
    return query


def _ordered(query: QueueRows, sort: QueueSort, after: Position | None) -> QueueRows:
    if sort == "risk":
        if after is not None and after.risk is not None:
            query = query.where(
                or_(
                    Comment.risk < after.risk,
                    and_(Comment.risk == after.risk, Comment.id < after.id),
                )
            )
        return query.order_by(Comment.risk.desc(), Comment.id.desc())
    if sort == "newest":
        if after is not None:
            query = query.where(Comment.id < after.id)
        return query.order_by(Comment.id.desc())
    if after is not None:
        query = query.where(Comment.id > after.id)
    return query.order_by(Comment.id)


async def ordered_page(
    session: AsyncSession,
    site_id: int,
    kind: QueueKind,
    where: QueueFilter,
    sort: QueueSort,
    limit: int,
    after: Position | None,
) -> list[tuple[Comment, Story]]:
    """`limit + 1` rows of the queue in the order asked for (ids follow time: they are given
    in order of posting, imports included), so the caller knows whether another page follows."""
    query: QueueRows = (
        select(Comment, Story)
        .join(Story, Story.id == Comment.story_id)
        .where(Comment.site_id == site_id, _in_queue(kind))
    )
    query = _ordered(_filtered(query, where), sort, after)
    result = await session.execute(query.limit(limit + 1))
    return [(row[0], row[1]) for row in result]


async def count(session: AsyncSession, site_id: int, kind: QueueKind) -> int:
    query = (
        select(func.count()).select_from(Comment).where(Comment.site_id == site_id, _in_queue(kind))
    )
    return int((await session.execute(query)).scalar_one())


async def oldest_pending_at(session: AsyncSession, site_id: int) -> datetime | None:
    query = select(func.min(Comment.created_at)).where(
        Comment.site_id == site_id, Comment.status == CommentStatus.PENDING
    )
    found: datetime | None = (await session.execute(query)).scalar_one()
    return found


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


async def decisions_for(
    session: AsyncSession, comment_ids: Sequence[int]
) -> dict[int, list[ModerationDecision]]:
    """Every decision on each comment, oldest first: the pipeline's and each moderator's."""
    if not comment_ids:
        return {}
    result = await session.execute(
        select(ModerationDecision)
        .where(ModerationDecision.comment_id.in_(comment_ids))
        .order_by(ModerationDecision.comment_id, ModerationDecision.id)
    )
    found: dict[int, list[ModerationDecision]] = {}
    for decision in result.scalars():
        found.setdefault(decision.comment_id, []).append(decision)
    return found


async def comments_by_id(
    session: AsyncSession, site_id: int, comment_ids: Sequence[int]
) -> dict[int, Comment]:
    if not comment_ids:
        return {}
    result = await session.execute(
        select(Comment).where(Comment.site_id == site_id, Comment.id.in_(comment_ids))
    )
    return {comment.id: comment for comment in result.scalars()}


async def thread_around(
    session: AsyncSession, comment: Comment, siblings: int, replies: int
) -> tuple[list[Comment], list[Comment]]:
    """The comments before it under the same parent (newest `siblings`), and its first replies."""
    same_parent = (
        Comment.parent_id == comment.parent_id
        if comment.parent_id is not None
        else and_(Comment.parent_id.is_(None), Comment.story_id == comment.story_id)
    )
    before = await session.execute(
        select(Comment)
        .where(same_parent, Comment.id < comment.id, Comment.status != CommentStatus.DELETED)
        .order_by(Comment.id.desc())
        .limit(siblings)
    )
    after = await session.execute(
        select(Comment).where(Comment.parent_id == comment.id).order_by(Comment.id).limit(replies)
    )
    return list(reversed(before.scalars().all())), list(after.scalars().all())


async def by_author_on_site(
    session: AsyncSession,
    site_id: int,
    account_id: int | None,
    author_key: str | None,
    statuses: Sequence[str],
    limit: int,
) -> list[Comment]:
    """The author's comments on the site in these states, newest first (an account by its id,
    a guest by the network identity key of their comments)."""
    if account_id is not None:
        whose = Comment.author_account_id == account_id
    elif author_key is not None:
        whose = and_(Comment.author_account_id.is_(None), Comment.author_key == author_key)
    else:
        return []
    result = await session.execute(
        select(Comment)
        .where(Comment.site_id == site_id, whose, Comment.status.in_(statuses))
        .order_by(Comment.id.desc())
        .limit(limit)
    )
    return list(result.scalars())
