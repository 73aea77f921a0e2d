"""Queries on what a site keeps of one guest's email address: the comments written with it and
its reply notifications (`services/guest_forget.py`).

Comments keep a guest's address as given (lower-cased); reply notifications know it only by its
keyed hash (`recipient_key`). No index leads from an address to its comments: these queries read
the site's guest comments, which is rare work (a reader asking to be forgotten), never a page.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.enums import CommentStatus
from rejoinder.storage.models import Comment, NotificationRecipient, ReplySubscription


def _by_guest_address(site_id: int, address: str) -> tuple[ColumnElement[bool], ...]:
    return (
        Comment.site_id == site_id,
        Comment.author_account_id.is_(None),
        Comment.author_email == address,
    )


async def newest_comment_of_address(
    session: AsyncSession, site_id: int, address: str
) -> Comment | None:
    """The newest comment a guest wrote on the site with this address (any status)."""
    result = await session.execute(
        select(Comment)
        .where(*_by_guest_address(site_id, address))
        .order_by(Comment.created_at.desc(), Comment.id.desc())
        .limit(1)
    )
    return result.scalar_one_or_none()


async def comments_of_address(session: AsyncSession, site_id: int, address: str) -> list[Comment]:
    """Every comment a guest wrote on the site with this address, oldest first."""
    result = await session.execute(
        select(Comment)
        .where(*_by_guest_address(site_id, address))
        .order_by(Comment.created_at, Comment.id)
    )
    return list(result.scalars())


async def count_comments_of_address(session: AsyncSession, site_id: int, address: str) -> int:
    """How many of them are not deleted: what erasing the address would remove."""
    result = await session.execute(
        select(func.count()).where(
            *_by_guest_address(site_id, address),
            Comment.status != CommentStatus.DELETED,
        )
    )
    return int(result.scalar_one())


def _guest_subscriptions(site_id: int, recipient_key: str) -> tuple[ColumnElement[bool], ...]:
    return (
        ReplySubscription.site_id == site_id,
        ReplySubscription.recipient_key == recipient_key,
        ReplySubscription.account_id.is_(None),
    )


async def newest_subscription(
    session: AsyncSession, site_id: int, recipient_key: str
) -> ReplySubscription | None:
    """The guest address's newest request for replies on the site."""
    result = await session.execute(
        select(ReplySubscription)
        .where(*_guest_subscriptions(site_id, recipient_key))
        .order_by(ReplySubscription.id.desc())
        .limit(1)
    )
    return result.scalar_one_or_none()


async def subscription(session: AsyncSession, subscription_id: int) -> ReplySubscription | None:
    return await session.get(ReplySubscription, subscription_id)


async def delete_notifications(session: AsyncSession, site_id: int, recipient_key: str) -> int:
    """The guest address's reply subscriptions and its recipient row (its confirmation) on the
    site; the replies waiting for it and its mail log go with them (foreign keys cascade).
    Returns how many subscriptions there were."""
    removed = await session.execute(
        delete(ReplySubscription).where(*_guest_subscriptions(site_id, recipient_key))
    )
    await session.execute(
        delete(NotificationRecipient).where(
            NotificationRecipient.site_id == site_id,
            NotificationRecipient.recipient_key == recipient_key,
            NotificationRecipient.account_id.is_(None),
        )
    )
    return int(getattr(removed, "rowcount", 0) or 0)
