"""Queries on stories, including the counters every comment write touches."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import cast

from sqlalchemy import Table, and_, bindparam, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.storage.models import Comment, Site, Story

# Built once: every post looks its story up.
_BY_KEY = select(Story).where(Story.site_id == bindparam("site_id"), Story.key == bindparam("key"))


async def get_by_key(session: AsyncSession, site_id: int, key: str) -> Story | None:
    result = await session.execute(_BY_KEY, {"site_id": site_id, "key": key})
    return result.scalar_one_or_none()


async def get_by_id(session: AsyncSession, story_id: int) -> Story | None:
    return await session.get(Story, story_id)


async def add(session: AsyncSession, story: Story) -> Story:
    session.add(story)
    await session.flush()
    return story


async def add_if_missing(
    session: AsyncSession, site_id: int, key: str, url: str, title: str, now: datetime
) -> tuple[Story, bool]:
    """Insert the story unless a concurrent first comment just did; either way return it, and
    whether this call inserted it."""
    insert = sqlite_insert if session.get_bind().dialect.name == "sqlite" else postgresql_insert
    values = {"site_id": site_id, "key": key, "url": url, "title": title, "settings": {},
              "comment_count": 0, "version": 0, "created_at": now}  # fmt: skip
    inserted = await session.execute(
        insert(Story)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["site_id", "key"])
        .returning(Story.id)
    )
    created = inserted.first() is not None
    story = await get_by_key(session, site_id, key)
    assert story is not None
    return story, created


async def count_by_keys(session: AsyncSession, site_id: int, keys: Sequence[str]) -> dict[str, int]:
    result = await session.execute(
        select(Story.key, Story.comment_count).where(Story.site_id == site_id, Story.key.in_(keys))
    )
    return {key: count for key, count in result.all()}


async def count_by_urls(session: AsyncSession, site_id: int, urls: Sequence[str]) -> dict[str, int]:
    result = await session.execute(
        select(Story.url, Story.comment_count).where(Story.site_id == site_id, Story.url.in_(urls))
    )
    return {url: count for url, count in result.all()}


# On the table, not the entity: every post runs it, and the ORM's bulk-update path cost more
# than the statement (issue 15). No loaded Story is synchronised; none is kept across it.
_STORIES = cast(Table, Story.__table__)
_RECORD_CHANGE = (
    update(_STORIES)
    .where(_STORIES.c.id == bindparam("story"))
    .values(
        comment_count=_STORIES.c.comment_count + bindparam("delta"), version=_STORIES.c.version + 1
    )
)


async def record_change(session: AsyncSession, story_id: int, count_delta: int) -> None:
    """Adjust the visible count and bump the version that keys cached pages."""
    await session.flush()  # as the ORM's update did: pending rows first (cheap when none)
    await session.execute(_RECORD_CHANGE, {"story": story_id, "delta": count_delta})


async def get_with_site(
    session: AsyncSession, site_slug: str, key: str
) -> tuple[Site, Story | None] | None:
    """The site and (if it exists) its story, in one query: the hot read path's only lookup."""
    result = await session.execute(
        select(Site, Story)
        .outerjoin(Story, and_(Story.site_id == Site.id, Story.key == key))
        .where(Site.slug == site_slug)
    )
    row = result.first()
    return None if row is None else (row[0], row[1])


async def all_in_site(session: AsyncSession, site_id: int) -> list[Story]:
    result = await session.execute(select(Story).where(Story.site_id == site_id).order_by(Story.id))
    return list(result.scalars())


async def bump_versions_shown_by(session: AsyncSession, site_id: int, account_id: int) -> list[int]:
    """A new version for every story of the site where the account's comments show: what is
    shown about the author changed (their badge), so cached pages of those stories are stale.
    Returns those stories."""
    shown = await session.execute(
        select(Comment.story_id)
        .where(
            Comment.site_id == site_id,
            Comment.author_account_id == account_id,
            Comment.status != "deleted",
        )
        .distinct()
    )
    story_ids = list(shown.scalars())
    if story_ids:
        await session.execute(
            update(Story)
            .where(Story.id.in_(story_ids))
            .values(version=Story.version + 1)
            .execution_options(synchronize_session=False)
        )
    return story_ids
