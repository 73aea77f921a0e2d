"""Feeds of a story's or a site's newest comments: what goes in them (http/feed_xml.py writes it).

Only published comments, as every reader sees them on the public page: never held, rejected or
removed ones, nor the tombstones that hold a thread's replies together; and no reader's mutes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.errors import NotFound
from rejoinder.services import access, stories
from rejoinder.services.access import StoryOnSite
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import Comment, Site, Story
from rejoinder.storage.repositories import feeds as feed_repo

FEED_ENTRIES = 50  # feed readers poll: the newest fifty are plenty between two polls


@dataclass(frozen=True)
class FeedEntry:
    title: str
    author_name: str | None
    body_html: str  # sanitised when the comment was written (SECURITY 2)
    published: datetime
    updated: datetime
    permalink: str  # the comment on the story's own page


@dataclass(frozen=True)
class Feed:
    title: str
    site_name: str
    link: str | None  # the article of a story's feed; a site's feed has no page of its own
    language: str
    updated: datetime  # the newest entry's, or when the story or site began: never "now"
    entries: list[FeedEntry]


def permalink(story: Story, comment_id: int) -> str:
    """The widget scrolls to `#comment-N` on the publisher's page (widget/src/element.ts)."""
    return f"{story.url.split('#')[0]}#comment-{comment_id}"


def _entry_title(author: str | None, story: Story, on_site: bool) -> str:
    """The author; in a site's feed, whose entries are of many stories, with the story too."""
    if author is None:
        return story.title
    return f"{author} — {story.title}" if on_site else author


def _entry(comment: Comment, story: Story, *, on_site: bool) -> FeedEntry:
    author = comment.author_name or None
    return FeedEntry(
        title=_entry_title(author, story, on_site),
        author_name=author,
        body_html=comment.body_html,
        published=comment.created_at,
        updated=comment.edited_at or comment.created_at,
        permalink=permalink(story, comment.id),
    )


def _feed(
    title: str, site: Site, link: str | None, began: datetime, entries: list[FeedEntry]
) -> Feed:
    updated = max((entry.updated for entry in entries), default=began)
    language = access.settings_of(site).dsa.language
    return Feed(title, site.name, link, language, updated, entries)


async def story_to_read(
    session: AsyncSession, rt: Runtime, site_slug: str, story_key: str
) -> StoryOnSite:
    """The story of a feed, through the lookup the hot read path trusts (ADR 0005).

    A closed story still has its feed; a story nobody has commented on has none (404), unlike
    its page of comments, which is empty: a feed reader should not subscribe to a typo.
    """
    ref = await stories.lookup_for_reading(session, rt, site_slug, story_key)
    if ref.story is None:
        raise NotFound(f"There is no story '{story_key}' on site '{site_slug}'.")
    return StoryOnSite(ref.site, ref.story)


async def story_feed(session: AsyncSession, checked: StoryOnSite) -> Feed:
    story = checked.story
    comments = await feed_repo.newest_in_story(session, story.id, FEED_ENTRIES)
    entries = [_entry(comment, story, on_site=False) for comment in comments]
    title = f"{story.title} — {checked.site.name}"
    return _feed(title, checked.site, story.url, story.created_at, entries)


async def site_feed(session: AsyncSession, site_slug: str) -> Feed:
    site = await access.access_site(session, site_slug)
    rows = await feed_repo.newest_on_site(session, site.id, FEED_ENTRIES)
    entries = [_entry(comment, story, on_site=True) for comment, story in rows]
    return _feed(site.name, site, None, site.created_at, entries)
