"""Queries of discussion insight (issue 18): a story's comments as insight reads them, its
stored insight, and the thread changes an accepted inferred reply makes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.enums import CommentStatus
from rejoinder.storage.models import Comment, Report, StoryInsight

# What insight reads: shown, held and turned-down comments; never a tombstone.
READ_STATUSES = (CommentStatus.PUBLISHED, CommentStatus.PENDING, CommentStatus.REJECTED)


_COLUMNS = (
    Comment.id, Comment.parent_id, Comment.author_name, Comment.body_src, Comment.created_at,
    Comment.like_count, Comment.status, Comment.moderation,
)  # fmt: skip


@dataclass(frozen=True)
class InsightRow:
    """A comment as insight needs it (no address, no keys)."""

    id: int
    parent_id: int | None
    author_name: str
    body_src: str
    created_at: datetime
    like_count: int
    status: str
    moderation: dict[str, Any]


async def story_comments(session: AsyncSession, story_id: int) -> list[InsightRow]:
    """The story's comments that are not deleted, in id order."""
    query = (
        select(*_COLUMNS)
        .where(Comment.story_id == story_id, Comment.status.in_([s.value for s in READ_STATUSES]))
        .order_by(Comment.id)
    )
    rows = await session.execute(query)
    return [InsightRow(*row) for row in rows]


async def reported_ids(session: AsyncSession, story_id: int) -> set[int]:
    """The story's comments someone reported."""
    query = (
        select(Report.comment_id)
        .join(Comment, Comment.id == Report.comment_id)
        .where(Comment.story_id == story_id)
        .distinct()
    )
    return set((await session.execute(query)).scalars())


async def get(session: AsyncSession, story_id: int) -> StoryInsight | None:
    return await session.get(StoryInsight, story_id)


async def save(session: AsyncSession, values: dict[str, Any]) -> None:
    """Insert or replace the story's insight, unless one of a later story version is there
    (a job that loaded its comments earlier finished later). Accepted ids are kept."""
    insert = sqlite_insert if session.get_bind().dialect.name == "sqlite" else postgresql_insert
    statement = insert(StoryInsight).values(accepted_ids=[], **values)
    computed = ("site_id", "computed_at", "comment_count", "story_version", "payload")
    statement = statement.on_conflict_do_update(
        index_elements=["story_id"],
        set_={name: statement.excluded[name] for name in computed},
        where=StoryInsight.story_version <= statement.excluded.story_version,
    )
    await session.execute(statement)


async def set_accepted(session: AsyncSession, story_id: int, accepted_ids: Sequence[int]) -> None:
    await session.execute(
        update(StoryInsight)
        .where(StoryInsight.story_id == story_id)
        .values(accepted_ids=sorted(set(accepted_ids)))
        .execution_options(synchronize_session=False)
    )


async def hang_under(session: AsyncSession, comment: Comment, parent: Comment) -> None:
    """Make the top-level `comment` a reply to `parent`: its place in the thread and that of
    the replies it already had (their root becomes the parent's, one level deeper each)."""
    root_id = parent.root_id or parent.id
    shift = parent.depth + 1
    await session.execute(
        update(Comment)
        .where(Comment.root_id == comment.id)
        .values(root_id=root_id, depth=Comment.depth + shift)
        .execution_options(synchronize_session=False)
    )
    comment.parent_id = parent.id
    comment.root_id = root_id
    comment.depth = shift
    await session.flush()
