"""Queries of a site's weekly digest (services/digest.py): the stories with the most comments
written in a window. Unlike the overview's volumes, imported comments count here: a page
imported this week is discussed this week (an import that keeps its comments' own dates, a
Disqus or WordPress file, falls outside the window by those dates). Tombstones do not count."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.enums import CommentStatus
from rejoinder.storage.models import Comment, Story
from rejoinder.storage.repositories.overview import StoryCount


async def most_discussed(
    session: AsyncSession, site_id: int, since: datetime, limit: int
) -> list[StoryCount]:
    """The stories with the most comments written since `since`, most first."""
    comments = func.count(Comment.id).label("comments")
    result = await session.execute(
        select(Story.id, Story.key, Story.title, Story.url, comments)
        .join(Story, Story.id == Comment.story_id)
        .where(
            Comment.site_id == site_id,
            Comment.created_at >= since,
            Comment.status != CommentStatus.DELETED,
        )
        .group_by(Story.id, Story.key, Story.title, Story.url)
        .order_by(comments.desc(), Story.id.desc())
        .limit(limit)
    )
    return [StoryCount(row[0], row[1], row[2], row[3], int(row[4])) for row in result]
