"""Queries of bulk imports (services/bulk_import.py): stories by URL, comments by import key."""

from __future__ import annotations

from collections.abc import Collection
from typing import NamedTuple

from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.storage.models import Comment, Story

StoryImportKey = tuple[int, str]  # (story id, import key): unique (comments' constraint)


class PlacedComment(NamedTuple):
    """Where an imported comment sits in its thread: what a reply to it needs."""

    id: int
    root_id: int
    depth: int


async def story_by_url(session: AsyncSession, site_id: int, url: str) -> Story | None:
    result = await session.execute(
        select(Story).where(Story.site_id == site_id, Story.url == url).order_by(Story.id).limit(1)
    )
    return result.scalar_one_or_none()


async def imported_comments(
    session: AsyncSession, keys: Collection[StoryImportKey]
) -> dict[StoryImportKey, PlacedComment]:
    """The comments already imported under these keys (one query, by the unique index)."""
    if not keys:
        return {}
    result = await session.execute(
        select(
            Comment.story_id, Comment.import_key, Comment.id, Comment.root_id, Comment.depth
        ).where(tuple_(Comment.story_id, Comment.import_key).in_(list(keys)))
    )
    return {
        (story_id, key): PlacedComment(id, root_id or id, depth)
        for story_id, key, id, root_id, depth in result.all()
        if key is not None
    }
