"""Reactions: one like per reader per comment, none on your own comment (SECURITY 30)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.enums import ReactionKind
from rejoinder.domain.errors import Forbidden
from rejoinder.domain.requester import Requester
from rejoinder.services import access, stories
from rejoinder.services.runtime import Runtime
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
    if comment.author_key is not None and comment.author_key == who.reader_key:
        raise Forbidden("You cannot react to your own comment.")
    if await reaction_repo.exists(session, comment.id, who.reader_key, kind.value):
        return comment.like_count
    await reaction_repo.add(session, comment.id, who.reader_key, kind.value)
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
    if not await reaction_repo.remove(session, comment.id, who.reader_key, kind.value):
        return comment.like_count
    await comment_repo.add_to_counter(session, comment.id, likes=-1)
    await stories.record_change(session, rt, comment.story_id, 0)
    return comment.like_count - 1
