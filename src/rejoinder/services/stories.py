"""Stories: lookup for reading, creation on first comment, counts for many stories."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from rejoinder.domain.errors import NotFound
from rejoinder.domain.limits import MAX_TITLE_CHARS
from rejoinder.services import access
from rejoinder.services.after_commit import after_commit
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import Site, Story
from rejoinder.storage.repositories import stories as story_repo


@dataclass(frozen=True)
class StoryRef:
    site: Site
    story: Story | None  # None: the site exists but nobody has commented on this story yet


async def lookup(session: AsyncSession, site_slug: str, story_key: str) -> StoryRef:
    found = await story_repo.get_with_site(session, site_slug, story_key)
    if found is None:
        raise NotFound(f"There is no site '{site_slug}'.")
    return StoryRef(site=found[0], story=found[1])


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
    return await rt.stories.get_or_load(
        site_slug, story_key, lambda: lookup(session, site_slug, story_key)
    )


async def record_change(
    session: AsyncSession, rt: Runtime, story_id: int, count_delta: int
) -> None:
    """A write changed the story's comments: new version now, cached lookup dropped on commit."""
    await story_repo.record_change(session, story_id, count_delta)
    after_commit(session, lambda: rt.stories.forget_story(story_id))


async def require(session: AsyncSession, site_slug: str, story_key: str) -> StoryRef:
    ref = await lookup(session, site_slug, story_key)
    if ref.story is None:
        raise NotFound(f"There is no story '{story_key}' on site '{site_slug}'.")
    return ref


async def get_or_create(
    session: AsyncSession, rt: Runtime, site: Site, key: str, url: str | None, title: str | None
) -> Story:
    """The story, created on the first comment only for a URL on the site's origins.

    An existing story is never renamed or moved by what a client sends (SECURITY 10).
    """
    story = await story_repo.get_by_key(session, site.id, key)
    if story is not None:
        return story
    if url is None:
        raise NotFound(
            f"There is no story '{key}' yet; send story_url (a page on the site) to start one."
        )
    access.check_story_url(site, url)
    clean_title = (title or key).strip()[:MAX_TITLE_CHARS] or key
    story = await story_repo.add_if_missing(session, site.id, key, url, clean_title, rt.now())
    # Readers may have cached "no such story yet" under its key: drop that once it exists.
    slug = site.slug
    after_commit(session, lambda: rt.stories.forget(slug, key))
    return story


async def counts(
    session: AsyncSession, site_slug: str, keys: Sequence[str], urls: Sequence[str]
) -> tuple[dict[str, int], dict[str, int]]:
    """Visible comment counts per story key and per URL; unknown ones count zero."""
    site = await access.site_by_slug(session, site_slug)
    by_key = await story_repo.count_by_keys(session, site.id, keys) if keys else {}
    by_url = await story_repo.count_by_urls(session, site.id, urls) if urls else {}
    return ({k: by_key.get(k, 0) for k in keys}, {u: by_url.get(u, 0) for u in urls})
