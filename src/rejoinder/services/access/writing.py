"""Who may write a comment where: the checked contexts of posting and editing (SECURITY 10, 16).

`access_post` and `access_edit` are each one call that returns only once every check passed:
the site by slug from one of its origins, the author and their standing on the site, the story
open for comments (found, or created by its first comment), the parent in the same story.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.errors import Forbidden, Invalid, NotFound
from rejoinder.domain.events import StoryCreated
from rejoinder.domain.limits import MAX_TITLE_CHARS
from rejoinder.domain.requester import Requester
from rejoinder.platform import tokens
from rejoinder.services import events, standing
from rejoinder.services.access.accounts import access_own_account
from rejoinder.services.access.comments import check_edit_window, granted_or_authored
from rejoinder.services.access.sites import (
    access_site_for_write,
    check_accounts_allowed,
    check_guest_allowed,
    check_principal_for_site,
    check_story_open,
    check_story_url,
)
from rejoinder.services.after_commit import after_commit
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import Account, Comment, Site, Story
from rejoinder.storage.repositories import accounts as account_repo
from rejoinder.storage.repositories import comments as comment_repo
from rejoinder.storage.repositories import guest_bans as ban_repo
from rejoinder.storage.repositories import guest_standing as guest_standing_repo
from rejoinder.storage.repositories import stories as story_repo


@dataclass(frozen=True)
class Writer:
    """Who writes, checked: a guest (not banned here), or an account in good standing here;
    `premoderated`: a moderator holds all they write here (services/guest_standing.py for a
    guest, user_states for an account)."""

    key: str  # HMAC of who wrote it: the account, else the reader's network identity
    account: Account | None = None
    premoderated: bool = False


@dataclass(frozen=True)
class PostContext:
    site: Site
    writer: Writer
    story: Story
    parent: Comment | None


@dataclass(frozen=True)
class EditContext:
    site: Site
    comment: Comment
    story: Story
    writer: Writer


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def check_standing(found: standing.Standing, now: datetime) -> None:
    if found.banned:
        raise Forbidden("Your account is banned from commenting on this site.")
    if found.suspended_until is not None and found.suspended_until > now:
        until = _when(found.suspended_until)
        raise Forbidden(f"Your account is suspended from commenting until {until}.")


async def check_guest_can_write(
    session: AsyncSession, site_id: int, author_key: str | Sequence[str], now: datetime
) -> None:
    """A guest banned on this site may neither post nor edit until the ban ends (403).

    `author_key` is the guest's network identity key: `Requester.reader_key` for a new post,
    `Comment.author_key` for an edit.
    """
    keys = (author_key,) if isinstance(author_key, str) else tuple(author_key)
    ban = await ban_repo.active(session, site_id, keys, now)
    if ban is not None:
        _refuse_banned_guest(ban.expires_at)


def _refuse_banned_guest(until: datetime) -> None:
    raise Forbidden(f"You are banned from commenting on this site as a guest until {_when(until)}.")


async def _guest_writer(
    session: AsyncSession, site_id: int, key: str, keys: Sequence[str], now: datetime
) -> Writer:
    """A guest not banned here (by any of their keys), pre-moderated when any of them is."""
    found = await guest_standing_repo.standing(session, site_id, keys, now)
    if found.banned_until is not None:
        _refuse_banned_guest(found.banned_until)
    return Writer(key, premoderated=found.premoderated)


def check_email_confirmed(account: Account) -> None:
    """An account with a password writes once its address is confirmed (SSO accounts have
    none: the publisher vouches for them)."""
    if account.password_hash is not None and account.email_verified_at is None:
        raise Forbidden("Please confirm your email address first: we sent you a link.")


async def _account_in_standing(
    session: AsyncSession, rt: Runtime, site: Site, account: Account, key: str
) -> Writer:
    found = await standing.of(session, account.id, site.id)
    check_standing(found, rt.now())
    return Writer(key, account, found.premoderated)


async def access_writer(
    session: AsyncSession, rt: Runtime, site: Site, requester: Requester
) -> Writer:
    """A signed-in reader writes under their account; a guest only where the site allows it."""
    principal = requester.principal
    if principal is None:
        check_guest_allowed(site)
        keys = requester.guest_keys
        return await _guest_writer(session, site.id, requester.reader_key, keys, rt.now())
    check_principal_for_site(site, principal)
    account = await access_own_account(session, principal)
    check_accounts_allowed(site, principal)
    check_email_confirmed(account)
    key = tokens.account_key(rt.signing_key, account.id)
    return await _account_in_standing(session, rt, site, account, key)


async def story_to_post(
    session: AsyncSession, rt: Runtime, site: Site, key: str, url: str | None, title: str | None
) -> Story:
    """The story, created (on its first comment, or by a moderator starting a Q&A) only for a
    URL on the site's origins.

    An existing story is never renamed or moved by what a client sends (SECURITY 10).
    """
    story = await story_repo.get_by_key(session, site.id, key)
    if story is not None:
        return story
    if url is None:
        raise NotFound(
            f"There is no story '{key}' yet; send story_url (a page on the site) to start one."
        )
    check_story_url(site, url)
    clean_title = (title or key).strip()[:MAX_TITLE_CHARS] or key
    story, created = await story_repo.add_if_missing(
        session, site.id, key, url, clean_title, rt.now()
    )
    if created:  # in the transaction that made it (once per story, not per post)
        await events.emit(session, rt, StoryCreated(story.id, site.id))
    # Readers may have cached "no such story yet" under its key: drop that once it exists.
    slug = site.slug
    after_commit(session, lambda: rt.stories.forget(slug, key))
    return story


async def _parent_in_story(
    session: AsyncSession, story: Story, parent_id: int | None
) -> Comment | None:
    if parent_id is None:
        return None
    parent = await comment_repo.get_readable_in_story(session, story.id, parent_id)
    if parent is None:
        raise Invalid(f"Comment {parent_id} is not a comment on this story you can reply to.")
    return parent


async def access_post(
    session: AsyncSession,
    rt: Runtime,
    requester: Requester,
    site_slug: str,
    story_key: str,
    *,
    parent_id: int | None = None,
    story_url: str | None = None,
    story_title: str | None = None,
) -> PostContext:
    site = await access_site_for_write(session, site_slug, requester.origin)
    writer = await access_writer(session, rt, site, requester)
    story = await story_to_post(session, rt, site, story_key, story_url, story_title)
    check_story_open(site, story, rt.now())
    parent = await _parent_in_story(session, story, parent_id)
    return PostContext(site, writer, story, parent)


async def _author_of(
    session: AsyncSession, rt: Runtime, site: Site, comment: Comment, requester: Requester
) -> Writer:
    """An edit is judged as a new post by this author now (SECURITY 16): their standing today,
    by the comment's key and by the keys of whoever sends the edit."""
    key = comment.author_key or ""
    if comment.author_account_id is None:
        keys = (key, *requester.guest_keys)
        return await _guest_writer(session, site.id, key, keys, rt.now())
    account = await account_repo.get(session, comment.author_account_id)
    if account is None:
        raise Forbidden("The account that wrote this comment no longer exists.")
    return await _account_in_standing(session, rt, site, account, key)


async def access_edit(
    session: AsyncSession,
    rt: Runtime,
    requester: Requester,
    site_slug: str,
    comment_id: int,
    token: str | None,
) -> EditContext:
    site = await access_site_for_write(session, site_slug, requester.origin)
    comment = await granted_or_authored(session, rt, site, comment_id, token, requester.principal)
    check_edit_window(site, comment, rt.now())
    story = await story_repo.get_by_id(session, comment.story_id)
    assert story is not None  # a comment's story is deleted with it
    writer = await _author_of(session, rt, site, comment, requester)
    return EditContext(site, comment, story, writer)
