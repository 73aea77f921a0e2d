"""Queries on reply notifications: subscriptions, recipients, waiting replies, mails sent."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.storage.models import (
    NotificationMail,
    NotificationRecipient,
    NotificationSetting,
    ReplyNotice,
    ReplySubscription,
)


def _insert(session: AsyncSession):  # type: ignore[no-untyped-def]
    return sqlite_insert if session.get_bind().dialect.name == "sqlite" else postgresql_insert


def add_subscription(session: AsyncSession, row: ReplySubscription) -> None:
    session.add(row)


async def subscription(session: AsyncSession, subscription_id: int) -> ReplySubscription | None:
    return await session.get(ReplySubscription, subscription_id)


async def subscription_of_comment(
    session: AsyncSession, comment_id: int
) -> ReplySubscription | None:
    result = await session.execute(
        select(ReplySubscription).where(ReplySubscription.comment_id == comment_id)
    )
    return result.scalar_one_or_none()


async def sites_with_subscriptions(session: AsyncSession) -> frozenset[int]:
    result = await session.execute(
        select(ReplySubscription.site_id).where(ReplySubscription.stopped_at.is_(None)).distinct()
    )
    return frozenset(result.scalars())


async def recipient(session: AsyncSession, recipient_id: int) -> NotificationRecipient | None:
    return await session.get(NotificationRecipient, recipient_id)


async def recipient_of(
    session: AsyncSession, site_id: int, recipient_key: str
) -> NotificationRecipient | None:
    result = await session.execute(
        select(NotificationRecipient).where(
            NotificationRecipient.site_id == site_id,
            NotificationRecipient.recipient_key == recipient_key,
        )
    )
    return result.scalar_one_or_none()


async def ensure_recipient(
    session: AsyncSession, site_id: int, recipient_key: str, account_id: int | None, at: datetime
) -> NotificationRecipient:
    """The site's recipient row for the key, made if missing (a concurrent job may race us)."""
    values = {
        "site_id": site_id, "recipient_key": recipient_key, "account_id": account_id,
        "created_at": at,
    }  # fmt: skip
    await session.execute(
        _insert(session)(NotificationRecipient).values(**values).on_conflict_do_nothing()
    )
    found = await recipient_of(session, site_id, recipient_key)
    assert found is not None
    return found


async def add_notice(session: AsyncSession, values: dict[str, object]) -> ReplyNotice | None:
    """The reply's notice, or None when it was recorded already (a job that ran twice)."""
    result = await session.execute(
        _insert(session)(ReplyNotice)
        .values(**values)
        .on_conflict_do_nothing()
        .returning(ReplyNotice.id)
    )
    notice_id = result.scalar_one_or_none()
    return await session.get(ReplyNotice, notice_id) if notice_id is not None else None


async def waiting(session: AsyncSession, recipient_id: int, *, digest: bool) -> list[ReplyNotice]:
    """The replies not mailed yet to the recipient, oldest first."""
    result = await session.execute(
        select(ReplyNotice)
        .where(
            ReplyNotice.recipient_id == recipient_id,
            ReplyNotice.mailed_at.is_(None),
            ReplyNotice.digest.is_(digest),
        )
        .order_by(ReplyNotice.id)
    )
    return list(result.scalars())


async def recipients_with_digests(session: AsyncSession) -> list[int]:
    result = await session.execute(
        select(ReplyNotice.recipient_id)
        .where(ReplyNotice.mailed_at.is_(None), ReplyNotice.digest.is_(True))
        .distinct()
    )
    return sorted(result.scalars())


async def mark_mailed(session: AsyncSession, notice_ids: Sequence[int], at: datetime) -> None:
    await session.execute(
        update(ReplyNotice).where(ReplyNotice.id.in_(notice_ids)).values(mailed_at=at)
    )


async def record_mail(session: AsyncSession, recipient_id: int, at: datetime) -> None:
    session.add(NotificationMail(recipient_id=recipient_id, sent_at=at))
    await session.flush()


async def mails_since(session: AsyncSession, recipient_id: int, since: datetime) -> list[datetime]:
    """When the recipient was mailed since `since`, oldest first (the flood limit's window)."""
    result = await session.execute(
        select(NotificationMail.sent_at)
        .where(NotificationMail.recipient_id == recipient_id, NotificationMail.sent_at > since)
        .order_by(NotificationMail.sent_at)
    )
    return list(result.scalars())


async def stop_subscriptions_of(
    session: AsyncSession, site_id: int, recipient_key: str, at: datetime
) -> None:
    await session.execute(
        update(ReplySubscription)
        .where(
            ReplySubscription.site_id == site_id,
            ReplySubscription.recipient_key == recipient_key,
            ReplySubscription.stopped_at.is_(None),
        )
        .values(stopped_at=at)
    )


async def count_unmailed(session: AsyncSession, recipient_id: int) -> int:
    result = await session.execute(
        select(func.count()).where(
            ReplyNotice.recipient_id == recipient_id, ReplyNotice.mailed_at.is_(None)
        )
    )
    return int(result.scalar_one())


async def setting(session: AsyncSession, account_id: int) -> NotificationSetting | None:
    return await session.get(NotificationSetting, account_id)


async def put_setting(session: AsyncSession, account_id: int, mode: str, at: datetime) -> None:
    row = await setting(session, account_id)
    if row is None:
        session.add(
            NotificationSetting(account_id=account_id, reply_notifications=mode, updated_at=at)
        )
    else:
        row.reply_notifications, row.updated_at = mode, at
    await session.flush()
