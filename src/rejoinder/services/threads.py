"""Reading a story's discussion: pages of top-level comments with their first replies."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.enums import CommentFilter, SortOrder
from rejoinder.domain.errors import BadRequest
from rejoinder.domain.limits import MAX_INLINE_DEPTH, REPLIES_PER_ROOT
from rejoinder.domain.paging import Keyset
from rejoinder.domain.qa import NO_QA, QaMarks
from rejoinder.platform import cursors
from rejoinder.services import access, qa
from rejoinder.storage.models import Comment, Story
from rejoinder.storage.repositories import comments as comment_repo
from rejoinder.storage.repositories import stories as story_repo


@dataclass(frozen=True)
class ThreadPage:
    total: int
    items: list[Comment]  # each top-level comment followed by its replies, in thread order
    next_cursor: str | None
    # A story's first page: its featured comments, most recently featured first (at most
    # FEATURED_ON_FIRST_PAGE); empty on every other page.
    featured: list[Comment] = field(default_factory=list)
    # In a Q&A story: which of its comments are experts' and which questions are answered.
    qa: QaMarks = NO_QA


FEATURED_ON_FIRST_PAGE = 3
NOT_QA = "This story is not in Q&A mode."


def _is_hidden(comment: Comment, hidden_authors: frozenset[int]) -> bool:
    return comment.author_account_id is not None and comment.author_account_id in hidden_authors


def _in_thread_order(
    roots: list[Comment], replies: list[Comment], hidden_authors: frozenset[int] = frozenset()
) -> list[Comment]:
    """Depth-first: each root, then its replies, each reply before its own replies.

    A comment by a muted author is left out with the replies under it: they answer something this
    reader chose not to see, and shown alone they would seem to answer the comment above.
    """
    children: dict[int, list[Comment]] = {}
    for reply in replies:  # already oldest first
        if reply.parent_id is not None:
            children.setdefault(reply.parent_id, []).append(reply)
    ordered: list[Comment] = []
    stack = list(reversed(roots))
    while stack:
        comment = stack.pop()
        if _is_hidden(comment, hidden_authors):
            continue
        ordered.append(comment)
        stack.extend(reversed(children.get(comment.id, [])))
    return ordered


async def story_page(
    session: AsyncSession,
    story: Story,
    sort: SortOrder,
    limit: int,
    cursor: str | None,
    hidden_authors: frozenset[int] = frozenset(),
) -> ThreadPage:
    """A page costs three queries whatever the size of the thread, and the first page a fourth
    (its featured comments, from an index of the featured ones alone); a Q&A story's page one
    more (which of its questions an expert answered).

    `hidden_authors` are the accounts the reader has muted; a page without them may be shorter
    than `limit`, and its cursor still continues after the last top-level comment read. Their
    comments are left out of the featured ones too.
    """
    after = cursors.decode(sort, cursor) if cursor else None
    roots = await comment_repo.page_of_roots(session, story.id, sort, limit + 1, after)
    has_more = len(roots) > limit
    roots = roots[:limit]
    replies = await comment_repo.thread_previews(
        session, [root.id for root in roots], REPLIES_PER_ROOT, MAX_INLINE_DEPTH
    )
    next_cursor = None
    if has_more:
        last = roots[-1]
        keyset = Keyset(comment_repo.sort_value(last, sort), last.id)
        next_cursor = cursors.encode(sort, keyset)
    ordered = _in_thread_order(roots, replies, hidden_authors)
    featured: list[Comment] = []
    if cursor is None:
        found = await comment_repo.featured_in_story(session, story.id, FEATURED_ON_FIRST_PAGE)
        featured = [comment for comment in found if not _is_hidden(comment, hidden_authors)]
    marks = await qa.marks_for(session, story, ordered + featured)
    return ThreadPage(story.comment_count, ordered, next_cursor, featured, marks)


async def listing(
    session: AsyncSession,
    story: Story | None,
    sort: SortOrder,
    chosen: CommentFilter | None,
    limit: int,
    cursor: str | None,
    hidden_authors: frozenset[int] = frozenset(),
) -> ThreadPage:
    """What `GET stories/{story}/comments` lists: the thread in a sort, or a filtered listing
    (`chosen`); a story nobody has commented on yet lists nothing, once its query is checked."""
    if chosen in QUESTIONS:
        return await questions_page(session, story, sort, chosen, limit, cursor, hidden_authors)
    if chosen is not None:
        return await filtered_page(session, story, chosen, limit, cursor, hidden_authors)
    if story is None:
        return ThreadPage(0, [], None)
    return await story_page(session, story, sort, limit, cursor, hidden_authors)


async def filtered_page(
    session: AsyncSession,
    story: Story | None,
    chosen: CommentFilter,
    limit: int,
    cursor: str | None,
    hidden_authors: frozenset[int] = frozenset(),
) -> ThreadPage:
    """A story's listing with `?filter=featured`: its published featured comments, flat (any
    depth, no replies under them), most recently featured first."""
    after = cursors.decode(chosen, cursor) if cursor else None
    if story is None:
        return ThreadPage(0, [], None)
    found = await comment_repo.featured_in_story(session, story.id, limit + 1, after)
    next_cursor = None
    if len(found) > limit:
        found = found[:limit]
        last = found[-1]
        assert last.featured_at is not None  # the query reads featured comments only
        next_cursor = cursors.encode(chosen, Keyset(last.featured_at, last.id))
    shown = [comment for comment in found if not _is_hidden(comment, hidden_authors)]
    marks = await qa.marks_for(session, story, shown)
    return ThreadPage(story.comment_count, shown, next_cursor, qa=marks)


QUESTIONS = (CommentFilter.ANSWERED, CommentFilter.UNANSWERED)


async def questions_page(
    session: AsyncSession,
    story: Story | None,
    sort: SortOrder,
    chosen: CommentFilter,
    limit: int,
    cursor: str | None,
    hidden_authors: frozenset[int] = frozenset(),
) -> ThreadPage:
    """A Q&A story's questions (its top-level comments) that an expert answered (a published
    direct reply), or that none has yet; in `sort`, with their first replies, paged as the
    thread is. A 400 for a story not in Q&A mode (or not started yet)."""
    settings = qa.settings_of(story)
    if story is None or not settings.enabled:
        raise BadRequest(NOT_QA)
    after = cursors.decode(sort, cursor) if cursor else None
    roots = await comment_repo.page_of_roots(
        session, story.id, sort, limit + 1, after,
        answered_by=settings.experts, answered=chosen is CommentFilter.ANSWERED,
    )  # fmt: skip
    next_cursor = None
    if len(roots) > limit:
        roots = roots[:limit]
        last = roots[-1]
        next_cursor = cursors.encode(sort, Keyset(comment_repo.sort_value(last, sort), last.id))
    replies = await comment_repo.thread_previews(
        session, [r.id for r in roots], REPLIES_PER_ROOT, MAX_INLINE_DEPTH
    )
    ordered = _in_thread_order(roots, replies, hidden_authors)
    marks = await qa.marks_for(session, story, ordered)
    return ThreadPage(story.comment_count, ordered, next_cursor, qa=marks)


async def replies_page(
    session: AsyncSession,
    site_slug: str,
    comment_id: int,
    limit: int,
    cursor: str | None,
    hidden_authors: frozenset[int] = frozenset(),
) -> ThreadPage:
    """Direct replies to one comment, oldest first: "continue this thread"."""
    parent = (await access.access_comment_to_read(session, site_slug, comment_id)).comment
    after = cursors.decode(SortOrder.OLDEST, cursor) if cursor else None
    children = await comment_repo.page_of_children(session, parent.id, limit + 1, after)
    next_cursor = None
    if len(children) > limit:
        children = children[:limit]
        last = children[-1]
        next_cursor = cursors.encode(SortOrder.OLDEST, Keyset(last.created_at, last.id))
    shown = [child for child in children if not _is_hidden(child, hidden_authors)]
    story = await story_repo.get_by_id(session, parent.story_id)
    # Replies are no questions: the marks only say which are experts'.
    marks = qa.marks_without_answers(story) if story is not None else NO_QA
    return ThreadPage(parent.reply_count, shown, next_cursor, qa=marks)


async def with_ancestors(
    session: AsyncSession, site_slug: str, comment_id: int
) -> tuple[Comment, list[Comment], QaMarks]:
    """One visible comment and its parents (for permalinks to comments beyond page one), and
    their Q&A marks."""
    comment = (await access.access_visible_comment_to_read(session, site_slug, comment_id)).comment
    ancestors = await comment_repo.ancestors(session, comment)
    story = await story_repo.get_by_id(session, comment.story_id)
    return comment, ancestors, await qa.marks_for(session, story, [comment, *ancestors])
