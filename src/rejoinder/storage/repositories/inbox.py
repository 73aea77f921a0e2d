"""Queries on readers' inboxes: add an item once, a page newest first, the unread count."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, delete, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from rejoinder.domain.enums import CommentStatus
from rejoinder.domain.inbox import InboxKind
from rejoinder.domain.paging import Keyset
from rejoinder.storage.models import Comment, InboxItem, Site, Story

# The comment an item shows: the reply for a reply, the reader's own comment otherwise.
Shown = aliased(Comment, name="shown")
_SHOWN_ID = func.coalesce(InboxItem.cause_id, InboxItem.comment_id)


@dataclass(frozen=True)
class ItemRow:
    item: InboxItem
    shown: Comment
    story: Story


def _insert(session: AsyncSession):  # type: ignore[no-untyped-def]
    return sqlite_insert if session.get_bind().dialect.name == "sqlite" else postgresql_insert


async def add(session: AsyncSession, values: dict[str, object]) -> int | None:
    """The new item's id, or None when the account has one from the same source already."""
    result = await session.execute(
        _insert(session)(InboxItem)
        .values(**values)
        .on_conflict_do_nothing()
        .returning(InboxItem.id)
    )
    found: int | None = result.scalar_one_or_none()
    return found


def _showable() -> ColumnElement[bool]:
    """A reply is shown while it is published (a reply removed since is left out)."""
    return or_(InboxItem.kind != InboxKind.REPLY, Shown.status == CommentStatus.PUBLISHED)


def _mine(account_id: int, site_id: int) -> ColumnElement[bool]:
    return and_(InboxItem.account_id == account_id, InboxItem.site_id == site_id)


async def newest_first(
    session: AsyncSession, account_id: int, site_id: int, limit: int, after: Keyset | None
) -> list[ItemRow]:
    """Up to `limit` items, newest first by (created_at, id), after the keyset if given: a
    range of `ix_inbox_items_account_id_site_id_created_at_id`, each with its comment and story."""
    query = (
        select(InboxItem, Shown, Story)
        .join(Shown, Shown.id == _SHOWN_ID)
        .join(Story, Story.id == Shown.story_id)
        .where(_mine(account_id, site_id), _showable())
    )
    if after is not None:
        query = query.where(
            or_(
                InboxItem.created_at < after.value,
                and_(InboxItem.created_at == after.value, InboxItem.id < after.id),
            )
        )
    result = await session.execute(
        query.order_by(InboxItem.created_at.desc(), InboxItem.id.desc()).limit(limit)
    )
    return [ItemRow(row[0], row[1], row[2]) for row in result]


async def unread(session: AsyncSession, account_id: int, site_id: int) -> int:
    """One count over the account's unread items on the site (the same index)."""
    result = await session.execute(
        select(func.count())
        .select_from(InboxItem)
        .join(Shown, Shown.id == _SHOWN_ID)
        .where(_mine(account_id, site_id), InboxItem.read_at.is_(None), _showable())
    )
    return int(result.scalar_one())


async def mark_read(
    session: AsyncSession, account_id: int, site_id: int, ids: Sequence[int] | None, at: datetime
) -> None:
    """Mark the account's unread items on the site read: those of `ids` (others' ids match
    nothing), or all of them."""
    query = update(InboxItem).where(_mine(account_id, site_id), InboxItem.read_at.is_(None))
    if ids is not None:
        query = query.where(InboxItem.id.in_(ids))
    await session.execute(query.values(read_at=at).execution_options(synchronize_session=False))


async def of_account(session: AsyncSession, account_id: int) -> list[tuple[InboxItem, str]]:
    """Every item of the account, on every site (with the site's slug), oldest first."""
    result = await session.execute(
        select(InboxItem, Site.slug)
        .join(Site, Site.id == InboxItem.site_id)
        .where(InboxItem.account_id == account_id)
        .order_by(InboxItem.id)
    )
    return [(row[0], row[1]) for row in result]


async def delete_of_account(session: AsyncSession, account_id: int) -> None:
    await session.execute(delete(InboxItem).where(InboxItem.account_id == account_id))


async def purge(session: AsyncSession, before: datetime) -> None:
    await session.execute(delete(InboxItem).where(InboxItem.created_at < before))
