"""Queries for feeds: the newest published comments of a story or of a whole site."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.storage.models import Comment, Story
from rejoinder.storage.repositories.comments import readable

# Newest first, ties broken by id, so that a feed's order is the same in every build.
_NEWEST = (Comment.created_at.desc(), Comment.id.desc())


async def newest_in_story(session: AsyncSession, story_id: int, limit: int) -> list[Comment]:
    """An index range scan on (story_id, created_at), readable comments only."""
    result = await session.execute(
        select(Comment)
        .where(Comment.story_id == story_id, readable())
        .order_by(*_NEWEST)
        .limit(limit)
    )
    return list(result.scalars())


async def newest_on_site(
    session: AsyncSession, site_id: int, limit: int
) -> list[tuple[Comment, Story]]:
    """An index range scan on (site_id, created_at), each comment with its story (the link)."""
    result = await session.execute(
        select(Comment, Story)
        .join(Story, Story.id == Comment.story_id)
        .where(Comment.site_id == site_id, readable())
        .order_by(*_NEWEST)
        .limit(limit)
    )
    return [(comment, story) for comment, story in result.all()]
