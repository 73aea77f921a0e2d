"""A signed-in reader's own comments on a site, across its stories, newest first, each with its
newest replies: the widget's "my comments" panel (`GET /api/v1/sites/{site}/me/comments`) and
the page for readers without JavaScript (`/sites/{site}/me`, http/my_pages.py).

Deleted comments are left out; held and rejected ones are shown to their author with their
status. Replies are the newest published direct replies, none by an account the reader muted.
Editing and deleting go through the comment endpoints, which take the signed-in author without
an edit token (`access.granted_or_authored`); the page deletes through `delete_from_page`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.enums import CommentStatus, SortOrder
from rejoinder.domain.errors import BadRequest
from rejoinder.domain.limits import MAX_PAGE_SIZE
from rejoinder.domain.paging import Keyset
from rejoinder.domain.principal import Principal
from rejoinder.platform import cursors
from rejoinder.services import access, comments, feeds
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import Comment, Site, Story
from rejoinder.storage.repositories import my_comments as repo

DEFAULT_LIMIT = 20
REPLIES_SHOWN = 3
# The page's cursors are the comment list's `newest` ones: (created_at, id), opaque.
_SORT = SortOrder.NEWEST


@dataclass(frozen=True)
class SiteHome:
    """Where a signed-out reader of the page is sent to sign in: the site's own pages."""

    slug: str
    name: str
    url: str | None  # the site's first allowed origin; None when it has none


@dataclass(frozen=True)
class MyComment:
    comment: Comment
    story: Story
    permalink: str
    editable_until: datetime | None  # None: the window is over, or it cannot be edited
    replies: list[Comment]  # newest first


@dataclass(frozen=True)
class MyCommentsPage:
    site: SiteHome
    items: list[MyComment]
    next_cursor: str | None


def home_of(site: Site) -> SiteHome:
    return SiteHome(site.slug, site.name, site.allowed_origins[0] if site.allowed_origins else None)


async def site_home(session: AsyncSession, site_slug: str) -> SiteHome:
    """The site of the page, for a reader who is not signed in (404 for an unknown site)."""
    return home_of(await access.access_site(session, site_slug))


def _check_limit(limit: int) -> None:
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise BadRequest(f"'limit' is 1 to {MAX_PAGE_SIZE}.")


def editable_until(site: Site, comment: Comment, now: datetime) -> datetime | None:
    """The end of the edit window, while it is open for a comment that may still be edited."""
    if comment.status not in (CommentStatus.PUBLISHED, CommentStatus.PENDING):
        return None
    until = comment.created_at + timedelta(seconds=access.settings_of(site).edit_window_seconds)
    return until if now < until else None


async def _site_of_reader(session: AsyncSession, site_slug: str, principal: Principal) -> Site:
    site = await access.access_site(session, site_slug)
    access.check_principal_for_site(site, principal)
    return site


async def page(
    session: AsyncSession,
    rt: Runtime,
    site_slug: str,
    principal: Principal,
    limit: int = DEFAULT_LIMIT,
    cursor: str | None = None,
) -> MyCommentsPage:
    """A page of the reader's comments on the site; two queries whatever its size."""
    site = await _site_of_reader(session, site_slug, principal)
    _check_limit(limit)
    after = cursors.decode(_SORT, cursor) if cursor else None
    rows = await repo.newest_of_author(session, site.id, principal.account_id, limit + 1, after)
    shown = rows[:limit]
    replies = await repo.newest_replies(
        session, [comment.id for comment, _ in shown], REPLIES_SHOWN, principal.account_id
    )
    under: dict[int, list[Comment]] = {}
    for reply in replies:  # newest first already
        if reply.parent_id is not None:
            under.setdefault(reply.parent_id, []).append(reply)
    now = rt.now()
    items = [
        MyComment(
            comment=comment,
            story=story,
            permalink=feeds.permalink(story, comment.id),
            editable_until=editable_until(site, comment, now),
            replies=under.get(comment.id, []),
        )
        for comment, story in shown
    ]
    next_cursor = None
    if len(rows) > limit:
        last = shown[-1][0]
        next_cursor = cursors.encode(_SORT, Keyset(last.created_at, last.id))
    return MyCommentsPage(home_of(site), items, next_cursor)


async def delete_from_page(
    session: AsyncSession, rt: Runtime, site_slug: str, comment_id: int, principal: Principal
) -> None:
    """The page's delete button: the author's own comment becomes a tombstone, as when it is
    deleted through the API (the page's handler checked the form's Origin and CSRF token)."""
    found = await access.access_authored_comment_from_page(
        session, site_slug, comment_id, principal
    )
    await comments.remove(session, rt, found.comment)
