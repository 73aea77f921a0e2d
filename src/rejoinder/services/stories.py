"""Stories: lookups for reading, changes recorded, counts for many stories.

A story is created by its first comment (`access.access_post`, which checks its URL).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from rejoinder.services import access
from rejoinder.services.access import StoryOnSite
from rejoinder.services.access import StoryRef as StoryRef
from rejoinder.services.after_commit import after_commit
from rejoinder.services.runtime import Runtime
from rejoinder.storage.repositories import stories as story_repo


async def lookup(session: AsyncSession, site_slug: str, story_key: str) -> StoryRef:
    return await access.access_story_ref(session, site_slug, story_key)


async def lookup_in(
    sessions: async_sessionmaker[AsyncSession], site_slug: str, story_key: str
) -> StoryRef:
    """`lookup` in a session of its own: a renewal in the background has no request's session."""
    async with sessions() as session:
        return await lookup(session, site_slug, story_key)


async def lookup_for_reading(
    session: AsyncSession, rt: Runtime, site_slug: str, story_key: str
) -> StoryRef:
    """Like lookup, but trusts a recent answer for the hot read path (ADR 0005)."""

    async def load() -> StoryRef:
        ref = await lookup(session, site_slug, story_key)
        # The kept lookup outlives this session: detached now, a rollback of the request (which
        # expires what the session loaded) cannot leave the cache holding expired objects.
        for loaded in (ref.site, ref.story):
            if loaded is not None:
                session.expunge(loaded)
        return ref

    return await rt.stories.get_or_load(site_slug, story_key, load)


async def record_change(
    session: AsyncSession, rt: Runtime, story_id: int, count_delta: int
) -> None:
    """A write changed the story's comments: new version now, cached lookup dropped on commit."""
    await story_repo.record_change(session, story_id, count_delta)
    after_commit(session, lambda: rt.stories.forget_story(story_id))


async def require(session: AsyncSession, site_slug: str, story_key: str) -> StoryOnSite:
    return await access.access_story(session, site_slug, story_key)


async def counts(
    session: AsyncSession, site_slug: str, keys: Sequence[str], urls: Sequence[str]
) -> tuple[dict[str, int], dict[str, int]]:
    """Visible comment counts per story key and per URL; unknown ones count zero."""
    site = await access.access_site(session, site_slug)
    by_key = await story_repo.count_by_keys(session, site.id, keys) if keys else {}
    by_url = await story_repo.count_by_urls(session, site.id, urls) if urls else {}
    return ({k: by_key.get(k, 0) for k in keys}, {u: by_url.get(u, 0) for u in urls})
