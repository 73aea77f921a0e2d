"""Moderators ban guests from a comment of theirs: per site, until a time, by network identity.

A guest has no account, only the HMAC of their network identity that their comments carry
(`Comment.author_key`, the same key rate limits and reactions use). A ban keeps that key, never
the IP itself, and always ends: addresses change hands. Bans and lifts are in the audit log
(`guest.ban`, `guest.lift`; target the guest's `audit.guest_ref`, with the comment acted from).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.errors import Conflict, Invalid, NotFound
from rejoinder.domain.principal import Principal
from rejoinder.services import access, audit
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import Comment, GuestBan, Site
from rejoinder.storage.repositories import guest_bans as ban_repo

MAX_BAN_DAYS = 365


@dataclass(frozen=True)
class BanOnAuthor:
    ban: GuestBan
    site_slug: str


@dataclass(frozen=True)
class GuestComment:
    """A guest's comment checked for a moderator of its site, with the guest's identity key."""

    site: Site
    comment: Comment
    author_key: str

    @property
    def ref(self) -> str:
        return audit.guest_ref(self.author_key)


def _guest_key(site: Site, comment: Comment) -> str:
    """The network identity key of the comment's guest author, or 409 saying why there is none."""
    if comment.author_account_id is not None:
        account_id = comment.author_account_id
        raise Conflict(
            f"Comment {comment.id} was written by account {account_id}: set their standing "
            f"instead (PUT /api/v1/sites/{site.slug}/moderation/users/{account_id})."
        )
    if comment.import_key is not None:
        raise Conflict(f"Comment {comment.id} was imported: its author is not a guest here.")
    if comment.author_key is None:
        raise Conflict(f"Comment {comment.id} was deleted and no longer names its author.")
    return comment.author_key


async def guest_comment(
    session: AsyncSession, site_slug: str, comment_id: int, principal: Principal
) -> GuestComment:
    """The comment and its guest author's key, for a moderator of the site (403, 404, 409)."""
    checked = await access.access_comment_as_moderator(session, site_slug, comment_id, principal)
    site, comment = checked.site, checked.comment
    return GuestComment(site, comment, _guest_key(site, comment))


def _check_until(until: datetime, now: datetime) -> None:
    if until <= now:
        raise Invalid("A ban must end in the future ('until').")
    if until > now + timedelta(days=MAX_BAN_DAYS):
        raise Invalid(f"A guest ban lasts at most {MAX_BAN_DAYS} days: addresses change hands.")


async def ban_author(
    session: AsyncSession,
    rt: Runtime,
    site_slug: str,
    comment_id: int,
    until: datetime,
    reason: str,
    principal: Principal,
) -> BanOnAuthor:
    """Ban the guest who wrote the comment from this site until `until`; replaces their ban."""
    found = await guest_comment(session, site_slug, comment_id, principal)
    _check_until(until, rt.now())
    prior = await active_ban(session, rt, found)
    # Read now: storing the new ban refreshes the row it replaces.
    before = {"banned_until": prior.expires_at if prior else None}
    ban = await ban_repo.put(
        session,
        GuestBan(
            site_id=found.site.id,
            author_key=found.author_key,
            expires_at=until,
            reason=reason.strip(),
            comment_id=found.comment.id,
            created_by_id=principal.account_id,
            created_at=rt.now(),
        ),
    )
    after = {"banned_until": until, "comment_id": found.comment.id}
    await _audit(session, rt, found, principal, "guest.ban", before, after, ban.reason)
    return BanOnAuthor(ban, found.site.slug)


async def _audit(
    session: AsyncSession,
    rt: Runtime,
    found: GuestComment,
    principal: Principal,
    action: str,
    before: dict[str, Any],
    after: dict[str, Any],
    reason: str = "",
) -> None:
    await audit.record(
        session,
        rt,
        site_id=found.site.id,
        actor=audit.actor_of(principal),
        action=action,
        target_type="guest",
        target_id=found.ref,
        before=before,
        after=after,
        reason=reason,
    )


async def active_ban(session: AsyncSession, rt: Runtime, found: GuestComment) -> GuestBan | None:
    """The ban in force on the guest of a checked comment, if any."""
    return await ban_repo.active(session, found.site.id, (found.author_key,), rt.now())


async def _active_ban(
    session: AsyncSession, rt: Runtime, found: GuestComment, comment_id: int
) -> GuestBan:
    ban = await active_ban(session, rt, found)
    if ban is None:
        raise NotFound(f"The author of comment {comment_id} is not banned on this site.")
    return ban


async def ban_on_author(
    session: AsyncSession, rt: Runtime, site_slug: str, comment_id: int, principal: Principal
) -> BanOnAuthor:
    """The ban in force on the comment's guest author, or 404."""
    found = await guest_comment(session, site_slug, comment_id, principal)
    return BanOnAuthor(await _active_ban(session, rt, found, comment_id), found.site.slug)


async def lift(
    session: AsyncSession, rt: Runtime, site_slug: str, comment_id: int, principal: Principal
) -> None:
    """Lift the ban in force on the comment's guest author, or 404."""
    found = await guest_comment(session, site_slug, comment_id, principal)
    ban = await _active_ban(session, rt, found, comment_id)
    before = {"banned_until": ban.expires_at}
    await ban_repo.remove(session, found.site.id, found.author_key)
    after = {"banned_until": None, "comment_id": found.comment.id}
    await _audit(session, rt, found, principal, "guest.lift", before, after)
