"""What a webhook says: the messages one domain event makes, and their public data.

Domain events carry ids only; a message's data is read when the event is fanned out (moments
after it committed) and holds what a newsroom's integration needs and a reader could see: ids,
the story's key and URL, the site, a comment's status and author's display name, and its HTML
only while it is published. Never an address, an IP, a key, a report's free text or a secret.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.enums import CommentStatus
from rejoinder.domain.events import (
    CommentEdited,
    CommentEvent,
    CommentHeld,
    CommentPublished,
    CommentRejected,
    CommentRemoved,
    Event,
    ReportFiled,
    StoryCreated,
)
from rejoinder.domain.webhooks import (
    COMMENT_CREATED,
    COMMENT_DELETED,
    COMMENT_EDITED,
    COMMENT_HELD,
    COMMENT_PUBLISHED,
    COMMENT_REJECTED,
    REPORT_FILED,
    STORY_CREATED,
)
from rejoinder.storage.models import Comment, Site, Story
from rejoinder.storage.repositories import comments as comment_repo
from rejoinder.storage.repositories import reports as report_repo
from rejoinder.storage.repositories import sites as site_repo
from rejoinder.storage.repositories import stories as story_repo

Data = dict[str, Any]

# The webhook types each domain event may become (the write path asks before any job is made).
TYPES_OF: dict[type[Event], tuple[str, ...]] = {
    CommentPublished: (COMMENT_CREATED, COMMENT_PUBLISHED),
    CommentHeld: (COMMENT_CREATED, COMMENT_HELD),
    CommentRejected: (COMMENT_CREATED, COMMENT_REJECTED),
    CommentRemoved: (COMMENT_DELETED, COMMENT_REJECTED, COMMENT_HELD),
    CommentEdited: (COMMENT_EDITED,),
    ReportFiled: (REPORT_FILED,),
    StoryCreated: (STORY_CREATED,),
}
_STATUS_TYPES = {
    CommentStatus.PUBLISHED.value: COMMENT_PUBLISHED,
    CommentStatus.PENDING.value: COMMENT_HELD,
    CommentStatus.REJECTED.value: COMMENT_REJECTED,
    CommentStatus.DELETED.value: COMMENT_DELETED,
}


def _when(moment: datetime | None) -> str | None:
    return moment.isoformat().replace("+00:00", "Z") if moment is not None else None


def story_data(story: Story) -> Data:
    return {"id": story.key, "url": story.url, "title": story.title,
            "created_at": _when(story.created_at)}  # fmt: skip


def comment_data(comment: Comment) -> Data:
    data: Data = {
        "id": comment.id,
        "parent_id": comment.parent_id,
        "status": comment.status,
        "author": {"name": comment.author_name},
        "created_at": _when(comment.created_at),
        "edited_at": _when(comment.edited_at),
    }
    if comment.status == CommentStatus.PUBLISHED:
        data["body_html"] = comment.body_html
    return data


def comment_types(event: CommentEvent, comment: Comment) -> list[str]:
    """A new comment's status event is also `comment.created`; a removal says where it went."""
    if isinstance(event, CommentEdited):
        return [COMMENT_EDITED]
    if isinstance(event, CommentRemoved):
        moved = _STATUS_TYPES.get(comment.status)
        return [moved] if moved and moved != COMMENT_PUBLISHED else []
    first = [COMMENT_CREATED] if event.new else []
    return first + [t for e, t in _STATUS_EVENTS if isinstance(event, e)]


_STATUS_EVENTS = (
    (CommentPublished, COMMENT_PUBLISHED),
    (CommentHeld, COMMENT_HELD),
    (CommentRejected, COMMENT_REJECTED),
)


async def _site_and_story(
    session: AsyncSession, site_id: int, story_id: int
) -> tuple[Site, Story] | None:
    site = await site_repo.get(session, site_id)
    story = await story_repo.get_by_id(session, story_id)
    return (site, story) if site is not None and story is not None else None


async def messages_for(session: AsyncSession, event: Event) -> list[tuple[str, Data]]:
    """(type, data) of each message the event makes; none when what it names is gone."""
    if isinstance(event, StoryCreated):
        found = await _site_and_story(session, event.site_id, event.story_id)
        return (
            [(STORY_CREATED, {"site": found[0].slug, "story": story_data(found[1])})]
            if found
            else []
        )
    if isinstance(event, CommentEvent):
        return await _comment_messages(session, event)
    return []


async def _comment_messages(session: AsyncSession, event: CommentEvent) -> list[tuple[str, Data]]:
    comment = await comment_repo.get(session, event.comment_id)
    found = await _site_and_story(session, event.site_id, event.story_id)
    if comment is None or found is None:
        return []
    base: Data = {
        "site": found[0].slug,
        "story": story_data(found[1]),
        "comment": comment_data(comment),
    }
    if isinstance(event, ReportFiled):
        report = await report_repo.get(session, event.report_id)
        if report is None:
            return []
        report_data = {
            "id": report.id,
            "reason": report.reason,
            "created_at": _when(report.created_at),
        }
        return [(REPORT_FILED, {**base, "report": report_data})]
    return [(kind, base) for kind in comment_types(event, comment)]
