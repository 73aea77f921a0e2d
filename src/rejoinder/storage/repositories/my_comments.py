"""Queries on one reader's own comments across a site's stories, with the newest replies to each.

A page is two queries whatever its size: the reader's comments (with their stories) after the
cursor, then the newest published replies under each of them, a `UNION ALL` of per-comment
`LIMIT`ed scans of `ix_comments_children`, so one comment with many replies costs no more.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, Select, bindparam, exists, or_, select, tuple_, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.enums import CommentStatus
from rejoinder.domain.paging import Keyset
from rejoinder.storage.models import Comment, Mute, Story
from rejoinder.storage.repositories.comments import readable


async def newest_of_author(
    session: AsyncSession, site_id: int, account_id: int, limit: int, after: Keyset | None
) -> list[tuple[Comment, Story]]:
    """The account's comments on the site that are not deleted, newest first, with stories."""
    query = (
        select(Comment, Story)
        .join(Story, Story.id == Comment.story_id)
        .where(
            Comment.site_id == site_id,
            Comment.author_account_id == account_id,
            Comment.status != CommentStatus.DELETED,
        )
    )
    if after is not None:
        query = query.where(tuple_(Comment.created_at, Comment.id) < tuple_(after.value, after.id))
    result = await session.execute(
        query.order_by(Comment.created_at.desc(), Comment.id.desc()).limit(limit)
    )
    return [(comment, story) for comment, story in result.all()]


def _not_muted_by(reader_id: int) -> ColumnElement[bool]:
    """Guests' replies, and replies by accounts the reader has not muted (a primary-key probe)."""
    muted = exists().where(Mute.muter_id == reader_id, Mute.muted_id == Comment.author_account_id)
    return or_(Comment.author_account_id.is_(None), ~muted)


def _newest_children(index: int, per_parent: int, reader_id: int) -> Select[tuple[int]]:
    inner = (
        select(Comment.id)
        .where(
            Comment.parent_id == bindparam(f"parent_{index}"),
            readable(),
            _not_muted_by(reader_id),
        )
        .order_by(Comment.created_at.desc(), Comment.id.desc())
        .limit(per_parent)
        .subquery()
    )
    return select(inner.c.id)


async def newest_replies(
    session: AsyncSession, parent_ids: Sequence[int], per_parent: int, reader_id: int
) -> list[Comment]:
    """Up to `per_parent` newest published direct replies under each parent, leaving out those
    by accounts `reader_id` muted; newest first."""
    if not parent_ids:
        return []
    ids = union_all(*(_newest_children(n, per_parent, reader_id) for n in range(len(parent_ids))))
    statement = (
        select(Comment)
        .where(Comment.id.in_(ids.scalar_subquery()))
        .order_by(Comment.created_at.desc(), Comment.id.desc())
    )
    params = {f"parent_{n}": parent for n, parent in enumerate(parent_ids)}
    result = await session.execute(statement, params)
    return list(result.scalars())
