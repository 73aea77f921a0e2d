"""Live updates: committed comment events become live messages, and readers' streams load what
the messages name (`http/live.py` fans them out).

The bus carries ids only; what a reader is sent is loaded when it is sent, through the same
`readable`/`visible` rules as a page, so a held or rejected comment never goes out and a comment
removed after its message was published goes out as removed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from rejoinder.domain.enums import CommentStatus
from rejoinder.domain.events import (
    CommentDecided,
    CommentEdited,
    CommentEvent,
    CommentHeld,
    CommentPublished,
    CommentReacted,
    CommentRejected,
    CommentRemoved,
    Event,
    ReportFiled,
)
from rejoinder.domain.principal import Principal
from rejoinder.domain.qa import NO_QA, QaMarks
from rejoinder.services import mutes, qa, stories
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import Comment
from rejoinder.storage.repositories import comments as comment_repo
from rejoinder.storage.repositories import stories as story_repo

KIND_OF: dict[type[CommentEvent], str] = {
    CommentPublished: "published",
    CommentEdited: "edited",
    CommentRemoved: "removed",
    CommentReacted: "reactions",
    # Readers see nothing of these; the moderators' dashboard recounts its queues on them.
    CommentHeld: "held",
    CommentRejected: "rejected",
    CommentDecided: "decided",
    ReportFiled: "reported",
}


def connect(rt: Runtime) -> None:
    """Publish every committed comment event readers can see a change from (once per runtime)."""
    rt.events.subscribe(CommentEvent, partial(_publish, rt))


def _publish(rt: Runtime, event: Event) -> None:
    kind = KIND_OF.get(type(event))  # type: ignore[arg-type]  # other events have no kind
    if kind is not None and isinstance(event, CommentEvent):
        rt.live.publish(event.story_id, kind, event.comment_id)


@dataclass(frozen=True)
class StreamStart:
    """What a reader's stream needs at its start: the story (None: nobody has commented yet) and
    the authors this reader muted."""

    site_id: int
    story_id: int | None
    hidden_authors: frozenset[int]


async def start_stream(
    session: AsyncSession, rt: Runtime, site_slug: str, story_key: str, reader: Principal | None
) -> StreamStart:
    ref = await stories.lookup_for_reading(session, rt, site_slug, story_key)
    hidden = await mutes.hidden_authors(session, reader)
    return StreamStart(ref.site.id, ref.story_id, hidden)


@dataclass(frozen=True)
class StoryNow:
    """The story's published count and the named comments as they are now (missing: gone)."""

    count: int
    comments: dict[int, Comment]
    qa: QaMarks = NO_QA  # in a Q&A story: the comments' `expert` and `answered`


def shows(comment: Comment) -> bool:
    """Whether a page would show the comment now (published, or a tombstone holding replies)."""
    return comment.status == CommentStatus.PUBLISHED or (
        comment.status == CommentStatus.DELETED and comment.reply_count > 0
    )


async def story_now(
    sessions: async_sessionmaker[AsyncSession], story_id: int, comment_ids: Sequence[int]
) -> StoryNow:
    """One short read for a batch of messages of one story, in a session of its own."""
    async with sessions() as session:
        story = await story_repo.get_by_id(session, story_id)
        rows = await comment_repo.many_in_story(session, story_id, sorted(set(comment_ids)))
        marks = await qa.marks_for(session, story, rows)
    return StoryNow(0 if story is None else story.comment_count, {c.id: c for c in rows}, marks)


async def story_of(
    sessions: async_sessionmaker[AsyncSession], story_id: int
) -> tuple[int, str] | None:
    """(site id, story key) of a story: streams opened before its first comment wait by key."""
    async with sessions() as session:
        story = await story_repo.get_by_id(session, story_id)
    return None if story is None else (story.site_id, story.key)
