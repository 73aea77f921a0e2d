"""Which comment a reader or an author may reach, on which site (SECURITY 12, 13, 27, 30).

Which comments readers may open is the repository's `readable` filter (`visible` adds the
tombstones a thread shows); these functions only look comments up through it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.enums import CommentStatus
from rejoinder.domain.errors import Forbidden, NotFound, Unauthorized
from rejoinder.domain.principal import Principal
from rejoinder.domain.requester import Requester
from rejoinder.platform import tokens
from rejoinder.services.access.sites import (
    access_site,
    access_site_for_write,
    check_principal_for_site,
    check_reactions_enabled,
    settings_of,
)
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import Comment, Site
from rejoinder.storage.repositories import comments as comment_repo


@dataclass(frozen=True)
class CommentOnSite:
    site: Site
    comment: Comment


@dataclass(frozen=True)
class Reactable:
    """A comment the reader may react to, and the key their reaction is kept under."""

    comment: Comment
    reader: str


async def access_comment_in_site(session: AsyncSession, site: Site, comment_id: int) -> Comment:
    """A comment of the site in any state (for its moderators, its author, its replies)."""
    comment = await comment_repo.get_in_site(session, site.id, comment_id)
    if comment is None:
        raise NotFound(f"There is no comment {comment_id} on site '{site.slug}'.")
    return comment


async def access_visible_comment(session: AsyncSession, site: Site, comment_id: int) -> Comment:
    """A comment readers may see and act on (not pending, rejected or deleted)."""
    comment = await comment_repo.get_in_site(session, site.id, comment_id, readable_only=True)
    if comment is None:
        raise NotFound(f"There is no comment {comment_id} on site '{site.slug}'.")
    return comment


async def access_comment_to_read(
    session: AsyncSession, site_slug: str, comment_id: int
) -> CommentOnSite:
    """The comment whose replies a reader asks for; the replies are filtered, not the parent."""
    site = await access_site(session, site_slug)
    return CommentOnSite(site, await access_comment_in_site(session, site, comment_id))


async def access_visible_comment_to_read(
    session: AsyncSession, site_slug: str, comment_id: int
) -> CommentOnSite:
    site = await access_site(session, site_slug)
    return CommentOnSite(site, await access_visible_comment(session, site, comment_id))


def reader_identity(rt: Runtime, who: Requester) -> str:
    """The key a reader's reaction or report is kept under: the account, else the address.

    For an account it is the author key of that account's comments (`access_writer`).
    """
    if who.account_id is not None:
        return tokens.account_key(rt.signing_key, who.account_id)
    return who.reader_key


def _is_own(comment: Comment, who: Requester, reader: str) -> bool:
    by_account = who.account_id is not None and comment.author_account_id == who.account_id
    by_key = comment.author_key is not None and comment.author_key in (reader, who.reader_key)
    return by_account or by_key


async def access_comment_to_report(
    session: AsyncSession, site_slug: str, comment_id: int, who: Requester
) -> CommentOnSite:
    site = await access_site_for_write(session, site_slug, who.origin)
    return CommentOnSite(site, await access_visible_comment(session, site, comment_id))


async def access_comment_to_unreact(
    session: AsyncSession, rt: Runtime, site_slug: str, comment_id: int, who: Requester
) -> Reactable:
    site = await access_site_for_write(session, site_slug, who.origin)
    check_reactions_enabled(site)
    comment = await access_visible_comment(session, site, comment_id)
    return Reactable(comment, reader_identity(rt, who))


async def access_comment_to_react(
    session: AsyncSession, rt: Runtime, site_slug: str, comment_id: int, who: Requester
) -> Reactable:
    """As for taking a reaction back, and never on the reader's own comment."""
    found = await access_comment_to_unreact(session, rt, site_slug, comment_id, who)
    if _is_own(found.comment, who, found.reader):
        raise Forbidden("You cannot react to your own comment.")
    return found


async def granted_comment(
    session: AsyncSession, rt: Runtime, site: Site, comment_id: int, token: str
) -> Comment:
    """The comment a guest token grants, checked against id, site, version and state."""
    grant = tokens.verify_edit_grant(rt.signing_key, token, rt.now().timestamp())
    comment = await access_comment_in_site(session, site, comment_id)
    if grant.comment_id != comment.id:
        raise Forbidden("This edit token is for another comment.")
    if grant.site_id != site.id:
        raise Forbidden("This edit token is for another comment.")
    if comment.status == CommentStatus.DELETED:
        raise Forbidden("This comment has been deleted.")
    if comment.status == CommentStatus.REJECTED:
        raise Forbidden("A moderator rejected this comment, so it can no longer be changed.")
    if grant.version != comment.version:
        raise Forbidden("This edit token is for an older version of the comment.")
    return comment


async def authored_comment(
    session: AsyncSession, site: Site, comment_id: int, principal: Principal | None
) -> Comment:
    """The comment its signed-in author changes without an edit token (their own comments
    listed across stories: services/my_comments.py), checked as a token would be."""
    if principal is None:
        raise Unauthorized("Send the comment's X-Edit-Token header, or sign in as its author.")
    check_principal_for_site(site, principal)
    comment = await access_comment_in_site(session, site, comment_id)
    if comment.author_account_id != principal.account_id:
        raise Forbidden("Only the comment's author can change it.")
    if comment.status == CommentStatus.DELETED:
        raise Forbidden("This comment has been deleted.")
    if comment.status == CommentStatus.REJECTED:
        raise Forbidden("A moderator rejected this comment, so it can no longer be changed.")
    return comment


async def granted_or_authored(
    session: AsyncSession,
    rt: Runtime,
    site: Site,
    comment_id: int,
    token: str | None,
    principal: Principal | None,
) -> Comment:
    """By the edit token when one is sent (a guest, or any author on this browser); else by
    the signed-in author's account."""
    if token:
        return await granted_comment(session, rt, site, comment_id, token)
    return await authored_comment(session, site, comment_id, principal)


async def access_own_comment_source(
    session: AsyncSession,
    rt: Runtime,
    site_slug: str,
    comment_id: int,
    token: str | None,
    principal: Principal | None = None,
) -> CommentOnSite:
    """The comment with its markdown source, for its author only (SECURITY 13)."""
    site = await access_site(session, site_slug)
    comment = await granted_or_authored(session, rt, site, comment_id, token, principal)
    return CommentOnSite(site, comment)


async def access_own_comment_to_delete(
    session: AsyncSession,
    rt: Runtime,
    site_slug: str,
    comment_id: int,
    token: str | None,
    who: Requester,
) -> CommentOnSite:
    site = await access_site_for_write(session, site_slug, who.origin)
    comment = await granted_or_authored(session, rt, site, comment_id, token, who.principal)
    return CommentOnSite(site, comment)


async def access_authored_comment_from_page(
    session: AsyncSession, site_slug: str, comment_id: int, principal: Principal
) -> CommentOnSite:
    """A comment its author deletes from the install's own page of their comments (the form's
    `Origin` and CSRF token are the page's, checked by its handler)."""
    site = await access_site(session, site_slug)
    return CommentOnSite(site, await authored_comment(session, site, comment_id, principal))


def check_edit_window(site: Site, comment: Comment, now: datetime) -> None:
    window = timedelta(seconds=settings_of(site).edit_window_seconds)
    if comment.created_at + window < now:
        raise Forbidden("The time to edit this comment has passed.")
