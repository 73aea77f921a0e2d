"""Reactions: one like per reader per comment, none on your own comment (SECURITY 30).

A signed-in reader reacts as their account, whatever address they come from; a guest as their
address. Per-account, per-comment and per-story rate limits cap likes bought by rotating addresses.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.enums import ReactionKind
from rejoinder.domain.events import CommentReacted
from rejoinder.domain.requester import Requester
from rejoinder.services import access, events, stories
from rejoinder.services.runtime import Runtime
from rejoinder.storage.repositories import comments as comment_repo
from rejoinder.storage.repositories import reactions as reaction_repo


async def react(
    session: AsyncSession,
    rt: Runtime,
    site_slug: str,
    comment_id: int,
    kind: ReactionKind,
    who: Requester,
) -> int:
    """Add the reader's reaction (idempotent); returns the comment's new like count."""
    found = await access.access_comment_to_react(session, rt, site_slug, comment_id, who)
    comment, reader = found.comment, found.reader
    await rt.limiter.hit("react", story=f"id:{comment.story_id}")
    if await reaction_repo.exists(session, comment.id, reader, kind.value):
        return comment.like_count
    await reaction_repo.add(session, comment.id, reader, kind.value)
    await comment_repo.add_to_counter(session, comment.id, likes=1)
    await stories.record_change(session, rt, comment.story_id, 0)
    await events.emit(session, rt, CommentReacted(comment.id, comment.story_id, comment.site_id))
    return comment.like_count + 1


async def unreact(
    session: AsyncSession,
    rt: Runtime,
    site_slug: str,
    comment_id: int,
    kind: ReactionKind,
    who: Requester,
) -> int:
    found = await access.access_comment_to_unreact(session, rt, site_slug, comment_id, who)
    comment = found.comment
    if not await reaction_repo.remove(session, comment.id, found.reader, kind.value):
        return comment.like_count
    await comment_repo.add_to_counter(session, comment.id, likes=-1)
    await stories.record_change(session, rt, comment.story_id, 0)
    await events.emit(session, rt, CommentReacted(comment.id, comment.story_id, comment.site_id))
    return comment.like_count - 1
