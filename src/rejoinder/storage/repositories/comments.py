"""Queries on comments: keyset pages by each sort key, thread previews, counters."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Select,
    Table,
    and_,
    bindparam,
    exists,
    func,
    or_,
    select,
    tuple_,
    union_all,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute, aliased, with_expression
from sqlalchemy.orm.interfaces import LoaderOption

from rejoinder.domain.enums import CommentStatus, SortOrder
from rejoinder.domain.paging import Keyset
from rejoinder.storage.models import Account, Comment, SiteRole, StoryAlert


def readable() -> ColumnElement[bool]:
    """What a reader may open, reply to, react to and report: published comments only.

    With `visible` below, the one place that decides which comments readers get; what they see
    of each is `http/schemas/comments.public_comment_dict`.
    """
    return Comment.status == CommentStatus.PUBLISHED


def visible() -> ColumnElement[bool]:
    """What a thread shows: readable comments, and tombstones that still hold replies together."""
    return or_(
        readable(),
        and_(Comment.status == CommentStatus.DELETED, Comment.reply_count > 0),
    )


def _author_is_staff() -> ColumnElement[bool]:
    """An admin, or a moderator of the comment's site: two primary-key probes per row, in the
    query that reads the rows (no query per comment, none more per page)."""
    moderator = exists().where(
        SiteRole.site_id == Comment.site_id,
        SiteRole.account_id == Comment.author_account_id,
        SiteRole.role == "moderator",
    )
    admin = exists().where(Account.id == Comment.author_account_id, Account.role == "admin")
    return or_(moderator, admin)


def with_author_staff() -> LoaderOption:
    """Fills `Comment.author_is_staff` for the author's badge."""
    return with_expression(Comment.author_is_staff, _author_is_staff())


def _sort_columns(sort: SortOrder) -> tuple[InstrumentedAttribute[Any], bool]:
    """The column a sort orders top-level comments by, and whether it descends."""
    if sort is SortOrder.OLDEST:
        return Comment.created_at, False
    if sort is SortOrder.NEWEST:
        return Comment.created_at, True
    if sort is SortOrder.TOP:
        return Comment.like_count, True
    return Comment.reply_count, True


def sort_value(comment: Comment, sort: SortOrder) -> int | datetime:
    if sort in (SortOrder.OLDEST, SortOrder.NEWEST):
        return comment.created_at
    if sort is SortOrder.TOP:
        return comment.like_count
    return comment.reply_count


async def get(session: AsyncSession, comment_id: int) -> Comment | None:
    return await session.get(Comment, comment_id)


async def get_in_site(
    session: AsyncSession, site_id: int, comment_id: int, *, readable_only: bool = False
) -> Comment | None:
    """The comment if it is on the site (and, with `readable_only`, readers may open it)."""
    query = select(Comment).where(Comment.id == comment_id, Comment.site_id == site_id)
    if readable_only:
        query = query.where(readable())
    result = await session.execute(query.options(with_author_staff()))
    return result.scalar_one_or_none()


async def many_in_story(
    session: AsyncSession, story_id: int, comment_ids: Sequence[int]
) -> list[Comment]:
    """The comments of these ids that are on the story (any status), with the staff badge."""
    result = await session.execute(
        select(Comment)
        .where(Comment.id.in_(comment_ids), Comment.story_id == story_id)
        .options(with_author_staff())
    )
    return list(result.scalars())


async def get_readable_in_story(
    session: AsyncSession, story_id: int, comment_id: int
) -> Comment | None:
    """The comment if it is on the story and readers may open it (to reply to it)."""
    result = await session.execute(
        select(Comment).where(Comment.id == comment_id, Comment.story_id == story_id, readable())
    )
    return result.scalar_one_or_none()


async def add(session: AsyncSession, comment: Comment) -> Comment:
    await add_all(session, [comment])
    return comment


async def add_all(session: AsyncSession, comments: Sequence[Comment]) -> None:
    """Insert new comments (one statement for all of them) and give each its id."""
    session.add_all(comments)
    await session.flush()
    for comment in comments:
        if comment.author_account_id is not None:  # the answer shows the new comment's badge
            staff = select(_author_is_staff()).where(Comment.id == comment.id)
            comment.author_is_staff = bool(await session.scalar(staff))


def _answered_by(experts: Sequence[int]) -> ColumnElement[bool]:
    """A published direct reply by one of these accounts: a probe of `ix_comments_children`."""
    reply = aliased(Comment, name="expert_reply")
    return exists().where(
        reply.parent_id == Comment.id,
        reply.status == CommentStatus.PUBLISHED,
        reply.author_account_id.in_(list(experts)),
    )


async def page_of_roots(
    session: AsyncSession,
    story_id: int,
    sort: SortOrder,
    limit: int,
    after: Keyset | None,
    *,
    answered_by: Sequence[int] | None = None,
    answered: bool = True,
) -> list[Comment]:
    """One page of top-level comments: an index range scan on (story, depth, key, id).

    With `answered_by` (a Q&A story's experts), only the questions one of them answered (or,
    `answered` False, those none of them has)."""
    column, descending = _sort_columns(sort)
    query = (
        select(Comment)
        .where(Comment.story_id == story_id, Comment.depth == 0, visible())
        .options(with_author_staff())
    )
    if answered_by is not None:
        condition = _answered_by(answered_by) if answered_by else None
        if condition is not None:
            query = query.where(condition if answered else ~condition)
        elif answered:  # no experts: nothing is answered
            query = query.where(Comment.id.is_(None))
    if after is not None:
        position = tuple_(column, Comment.id)
        query = query.where(
            position < tuple_(after.value, after.id)
            if descending
            else position > tuple_(after.value, after.id)
        )
    order = (column.desc(), Comment.id.desc()) if descending else (column, Comment.id)
    result = await session.execute(query.order_by(*order).limit(limit))
    return list(result.scalars())


async def answered_among(
    session: AsyncSession, question_ids: Sequence[int], experts: Sequence[int]
) -> set[int]:
    """Which of these comments have a published direct reply by one of these accounts."""
    if not question_ids or not experts:
        return set()
    result = await session.execute(
        select(Comment.parent_id)
        .where(
            Comment.parent_id.in_(list(question_ids)),
            readable(),
            Comment.author_account_id.in_(list(experts)),
        )
        .distinct()
    )
    return {parent_id for parent_id in result.scalars() if parent_id is not None}


async def featured_in_story(
    session: AsyncSession, story_id: int, limit: int, after: Keyset | None = None
) -> list[Comment]:
    """The story's published featured comments (any depth), most recently featured first: a
    range scan of the partial index `ix_comments_story_featured`, whatever the thread's size."""
    query = (
        select(Comment)
        .where(Comment.story_id == story_id, Comment.featured_at.is_not(None), readable())
        .options(with_author_staff())
    )
    if after is not None:
        query = query.where(tuple_(Comment.featured_at, Comment.id) < tuple_(after.value, after.id))
    order = (Comment.featured_at.desc(), Comment.id.desc())
    result = await session.execute(query.order_by(*order).limit(limit))
    return list(result.scalars())


def _first_replies(root: BindParameter[int], per_root: int, max_depth: int) -> Select[tuple[int]]:
    inner = (
        select(Comment.id)
        .where(Comment.root_id == root, Comment.depth <= max_depth, visible())
        .order_by(Comment.created_at, Comment.id)
        .limit(per_root)
        .subquery()
    )
    return select(inner.c.id)


@functools.lru_cache(maxsize=256)
def _previews_statement(roots: int, per_root: int, max_depth: int) -> Select[Comment]:
    """The previews query for `roots` roots, built once: with fifty roots, building and
    compiling it anew took half of a page's build. Reused, its cache key is memoised and its
    compiled form comes from SQLAlchemy's cache; the root ids are its parameters."""
    ids = union_all(
        *(_first_replies(bindparam(f"root_{n}"), per_root, max_depth) for n in range(roots))
    )
    return (
        select(Comment)
        .where(Comment.id.in_(ids.scalar_subquery()))
        .options(with_author_staff())
        .order_by(Comment.created_at, Comment.id)
    )


async def thread_previews(
    session: AsyncSession, root_ids: Sequence[int], per_root: int, max_depth: int
) -> list[Comment]:
    """The first replies under each root, in one query whose cost is bounded per root."""
    if not root_ids:
        return []
    statement = _previews_statement(len(root_ids), per_root, max_depth)
    roots = {f"root_{n}": root for n, root in enumerate(root_ids)}
    result = await session.execute(statement, roots)
    return list(result.scalars())


async def page_of_children(
    session: AsyncSession, parent_id: int, limit: int, after: Keyset | None
) -> list[Comment]:
    query = select(Comment).where(Comment.parent_id == parent_id, visible())
    query = query.options(with_author_staff())
    if after is not None:
        query = query.where(tuple_(Comment.created_at, Comment.id) > tuple_(after.value, after.id))
    result = await session.execute(query.order_by(Comment.created_at, Comment.id).limit(limit))
    return list(result.scalars())


async def ancestors(session: AsyncSession, comment: Comment, limit: int = 64) -> list[Comment]:
    """Parents of a comment, nearest last; one query per level, bounded by `limit`."""
    chain: list[Comment] = []
    parent_id = comment.parent_id
    while parent_id is not None and len(chain) < limit:
        parent = await session.get(Comment, parent_id, options=[with_author_staff()])
        if parent is None:
            break
        chain.append(parent)
        parent_id = parent.parent_id
    return list(reversed(chain))


async def existing_import_keys(
    session: AsyncSession, story_id: int, keys: Sequence[str]
) -> set[str]:
    result = await session.execute(
        select(Comment.import_key).where(Comment.story_id == story_id, Comment.import_key.in_(keys))
    )
    return {key for key in result.scalars() if key is not None}


async def recent_on_site(
    session: AsyncSession,
    site_id: int,
    since: datetime,
    limit: int,
    exclude_id: int | None = None,
) -> list[tuple[str, str | None, datetime]]:
    """(text, author key, time) of the newest comments on a site: only what flood checks need."""
    query = select(Comment.body_src, Comment.author_key, Comment.created_at).where(
        Comment.site_id == site_id, Comment.created_at >= since
    )
    if exclude_id is not None:
        query = query.where(Comment.id != exclude_id)
    result = await session.execute(query.order_by(Comment.created_at.desc()).limit(limit))
    return [(text, key, at) for text, key, at in result.all()]


async def recent_on_story(
    session: AsyncSession, story_id: int, since: datetime, limit: int
) -> list[tuple[str | None, str | None, datetime | None, datetime]]:
    """(author key, network key, account created, time) of the story's newest comments since
    `since` and since its surge alert was last cleared: only what the surge check needs.
    Imported comments are history from another system, not readers arriving now."""
    cleared = select(StoryAlert.cleared_at).where(StoryAlert.story_id == story_id).scalar_subquery()
    query = (
        select(Comment.author_key, Comment.network_key, Account.created_at, Comment.created_at)
        .outerjoin(Account, Account.id == Comment.author_account_id)
        .where(
            Comment.story_id == story_id,
            Comment.import_key.is_(None),
            Comment.created_at >= since,
            Comment.created_at > func.coalesce(cleared, since),
        )
        .order_by(Comment.created_at.desc())
        .limit(limit)
    )
    result = await session.execute(query)
    return [(key, network, made, at) for key, network, made, at in result.all()]


async def author_history(
    session: AsyncSession, site_id: int, author_key: str, since: datetime
) -> tuple[int, int]:
    """(comments, rejected comments) by one author on a site since a time."""
    result = await session.execute(
        select(Comment.status).where(
            Comment.site_id == site_id,
            Comment.author_key == author_key,
            Comment.created_at >= since,
        )
    )
    statuses = list(result.scalars())
    return len(statuses), sum(1 for status in statuses if status == CommentStatus.REJECTED)


# On the table, as stories.record_change: a reply or a like runs it.
_COMMENTS = cast(Table, Comment.__table__)
_ADD_TO_COUNTER = (
    update(_COMMENTS)
    .where(_COMMENTS.c.id == bindparam("comment"))
    .values(
        reply_count=_COMMENTS.c.reply_count + bindparam("replies"),
        like_count=_COMMENTS.c.like_count + bindparam("likes"),
    )
)


async def add_to_counter(
    session: AsyncSession, comment_id: int, *, replies: int = 0, likes: int = 0
) -> None:
    params = {"comment": comment_id, "replies": replies, "likes": likes}
    await session.flush()  # as the ORM's update did: pending rows first (cheap when none)
    await session.execute(_ADD_TO_COUNTER, params)


async def all_in_story(session: AsyncSession, story_id: int) -> list[Comment]:
    result = await session.execute(
        select(Comment).where(Comment.story_id == story_id).order_by(Comment.id)
    )
    return list(result.scalars())
