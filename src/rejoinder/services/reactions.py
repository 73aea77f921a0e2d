"""Reactions: one like per reader per comment, none on your own comment (SECURITY 30).

A signed-in reader reacts as their account, whatever address they come from; a guest as their
address. Per-account, per-comment and per-story rate limits cap likes bought by rotating addresses.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.enums import ReactionKind
from rejoinder.domain.errors import Forbidden
from rejoinder.domain.requester import Requester
from rejoinder.services import access, stories
from rejoinder.services.runtime import Runtime
from rejoinder.services.tokens import account_key
from rejoinder.storage.models import Comment
from rejoinder.storage.repositories import comments as comment_repo
from rejoinder.storage.repositories import reactions as reaction_repo


async def _reactable(
    session: AsyncSession, site_slug: str, comment_id: int, who: Requester
) -> Comment:
    site = await access.site_by_slug(session, site_slug)
    access.check_write_origin(site, who.origin)
    if not access.settings_of(site).reactions_enabled:
        raise Forbidden("Reactions are turned off on this site.")
    return await access.visible_comment(session, site, comment_id)


def reader_identity(rt: Runtime, who: Requester) -> str:
    """The key a reaction is kept under: the account, else the reader's address.

    For an account it is the author key of that account's comments (services/comments._author).
    """
    if who.account_id is not None:
        return account_key(rt.signing_key, who.account_id)
    return who.reader_key


def _is_own(comment: Comment, who: Requester, reader: str) -> bool:
    by_account = who.account_id is not None and comment.author_account_id == who.account_id
    by_key = comment.author_key is not None and comment.author_key in (reader, who.reader_key)
    return by_account or by_key


async def react(
    session: AsyncSession,
    rt: Runtime,
    site_slug: str,
    comment_id: int,
    kind: ReactionKind,
    who: Requester,
) -> int:
    """Add the reader's reaction (idempotent); returns the comment's new like count."""
    comment = await _reactable(session, site_slug, comment_id, who)
    reader = reader_identity(rt, who)
    if _is_own(comment, who, reader):
        raise Forbidden("You cannot react to your own comment.")
    await rt.limiter.hit("react", story=f"id:{comment.story_id}")
    if await reaction_repo.exists(session, comment.id, reader, kind.value):
        return comment.like_count
    await reaction_repo.add(session, comment.id, reader, kind.value)
    await comment_repo.add_to_counter(session, comment.id, likes=1)
    await stories.record_change(session, rt, comment.story_id, 0)
    return comment.like_count + 1


async def unreact(
    session: AsyncSession,
    rt: Runtime,
    site_slug: str,
    comment_id: int,
    kind: ReactionKind,
    who: Requester,
) -> int:
    comment = await _reactable(session, site_slug, comment_id, who)
    if not await reaction_repo.remove(session, comment.id, reader_identity(rt, who), kind.value):
        return comment.like_count
    await comment_repo.add_to_counter(session, comment.id, likes=-1)
    await stories.record_change(session, rt, comment.story_id, 0)
    return comment.like_count - 1
