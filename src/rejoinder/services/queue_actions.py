"""What a moderator does from a queue beyond one approve or reject (issue 12): feature a comment,
decide many at once, reject everything an author wrote on the site, ban the author.

Each goes through the same services as the API (decide, user standing, guest bans), so events,
the audit log and the checks of the site (SECURITY 27) are the same whichever way it is done.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.enums import CommentStatus
from rejoinder.domain.errors import BadRequest, Conflict, RejoinderError
from rejoinder.domain.events import CommentFeatured
from rejoinder.domain.principal import Principal
from rejoinder.services import (
    access,
    audit,
    events,
    guest_bans,
    moderation_actions,
    stories,
    user_states,
)
from rejoinder.services.moderation_actions import Verdict
from rejoinder.services.runtime import Runtime
from rejoinder.services.user_states import StateChange
from rejoinder.storage.models import Comment
from rejoinder.storage.repositories import moderation_queue as queue_repo

MAX_BULK = 200  # a page of a queue, and then some
MAX_BY_AUTHOR = 500  # "reject all by this author": a flood is bigger than a page
BAN_DAYS = {"1": 1, "7": 7, "30": 30, "365": 365}  # the choices on an item; accounts also "ever"
UNDECIDED = (CommentStatus.PUBLISHED.value, CommentStatus.PENDING.value)


@dataclass(frozen=True)
class Outcome:
    decided: list[int]
    skipped: dict[int, str]  # comment id -> why it was left as it was


async def feature(
    session: AsyncSession,
    rt: Runtime,
    site_slug: str,
    comment_id: int,
    featured: bool,
    principal: Principal,
) -> Comment:
    """Feature a published comment, or stop featuring it (idempotent). Kept with the comment and
    in the audit log; readers see it at once (the first page's featured box, the badge,
    `?filter=featured`): the story gets a new version, so no cached page of it is used again."""
    checked = await access.access_comment_as_moderator(session, site_slug, comment_id, principal)
    comment = checked.comment
    if featured and comment.status != CommentStatus.PUBLISHED:
        raise Conflict("Only a published comment can be featured; approve it first.")
    before = comment.featured_at
    comment.featured_at = (before or rt.now()) if featured else None
    if before != comment.featured_at:
        await audit.record(
            session,
            rt,
            site_id=comment.site_id,
            actor=audit.actor_of(principal),
            action="comment.feature" if featured else "comment.unfeature",
            target_type="comment",
            target_id=comment.id,
            before={"featured": before is not None},
            after={"featured": featured},
        )
        await stories.record_change(session, rt, comment.story_id, 0)
    if featured and before is None:
        await events.emit(
            session, rt, CommentFeatured(comment.id, comment.story_id, comment.site_id)
        )
    return comment


async def decide_many(
    session: AsyncSession,
    rt: Runtime,
    site_slug: str,
    comment_ids: list[int],
    verdict: Verdict,
    reason: str,
    principal: Principal,
) -> Outcome:
    """The same decision on each comment; one that cannot take it is left and said why."""
    if not comment_ids:
        raise BadRequest("Select at least one comment first.")
    if len(comment_ids) > MAX_BULK:
        raise BadRequest(f"At most {MAX_BULK} comments at once.")
    decided: list[int] = []
    skipped: dict[int, str] = {}
    for comment_id in dict.fromkeys(comment_ids):  # once each, in the order selected
        try:
            await moderation_actions.decide(
                session, rt, site_slug, comment_id, verdict, reason, principal
            )
        except RejoinderError as refused:
            if refused.status == 403:
                raise  # not the site's moderator: nothing of it may go through
            skipped[comment_id] = refused.message
        else:
            decided.append(comment_id)
    return Outcome(decided, skipped)


async def reject_all_by_author(
    session: AsyncSession,
    rt: Runtime,
    site_slug: str,
    comment_id: int,
    reason: str,
    principal: Principal,
) -> Outcome:
    """Reject every published or held comment on this site by the author of this one."""
    checked = await access.access_comment_as_moderator(session, site_slug, comment_id, principal)
    comment = checked.comment
    if comment.author_account_id is None and not comment.author_key:
        raise Conflict("This comment's author is unknown (imported or erased): decide it alone.")
    theirs = await queue_repo.by_author_on_site(
        session,
        checked.site.id,
        comment.author_account_id,
        comment.author_key if comment.author_account_id is None else None,
        UNDECIDED,
        MAX_BY_AUTHOR,
    )
    ids = [c.id for c in theirs] or [comment.id]
    return await decide_many(session, rt, site_slug, ids, "reject", reason, principal)


def ban_days(choice: str, *, guest: bool) -> int | None:
    """Days from a ban form's choice; None is "until lifted" (accounts only)."""
    if choice == "ever" and not guest:
        return None
    if choice not in BAN_DAYS:
        raise BadRequest("Choose how long the ban lasts.")
    return BAN_DAYS[choice]


async def ban_author(
    session: AsyncSession,
    rt: Runtime,
    site_slug: str,
    comment_id: int,
    choice: str,
    reason: str,
    principal: Principal,
) -> str:
    """Ban the comment's author from the site: an account (suspended for days, or banned until
    lifted) or a guest (by network identity, for days). Returns what was done, in words."""
    checked = await access.access_comment_as_moderator(session, site_slug, comment_id, principal)
    comment = checked.comment
    account_id = comment.author_account_id
    days = ban_days(choice, guest=account_id is None)
    if account_id is None:
        until = rt.now() + timedelta(days=days or 1)
        await guest_bans.ban_author(session, rt, site_slug, comment_id, until, reason, principal)
        return f"The guest is banned from this site for {days} days."
    if days is None:
        change = StateChange(banned=True, note=reason or None)
        done = f"{comment.author_name} is banned from this site until the ban is lifted."
    else:
        change = StateChange(suspended_until=rt.now() + timedelta(days=days), note=reason or None)
        done = f"{comment.author_name} is suspended on this site for {days} days."
    await user_states.set_on_site(session, rt, site_slug, account_id, change, principal)
    return done


async def ban_many(
    session: AsyncSession,
    rt: Runtime,
    site_slug: str,
    comment_ids: list[int],
    choice: str,
    reason: str,
    principal: Principal,
) -> Outcome:
    """Ban the author of each selected comment (each author once); one that cannot be banned
    (an imported or erased author, a member of staff) is left and said why."""
    if not comment_ids:
        raise BadRequest("Select at least one comment first.")
    if len(comment_ids) > MAX_BULK:
        raise BadRequest(f"At most {MAX_BULK} comments at once.")
    done: list[int] = []
    skipped: dict[int, str] = {}
    authors: set[tuple[int | None, str | None]] = set()
    for comment_id in dict.fromkeys(comment_ids):
        checked = await access.access_comment_as_moderator(
            session, site_slug, comment_id, principal
        )
        author = (checked.comment.author_account_id, checked.comment.author_key)
        if author in authors:
            continue  # the same author, selected twice: banned once
        authors.add(author)
        try:
            await ban_author(session, rt, site_slug, comment_id, choice, reason, principal)
        except RejoinderError as refused:  # the site's right was checked above: this is the author
            skipped[comment_id] = refused.message
        else:
            done.append(comment_id)
    return Outcome(done, skipped)
