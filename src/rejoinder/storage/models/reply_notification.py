"""Reply notifications by email (docs/notifications.md): who asked for replies to which comment,
which addresses confirmed that they want them, the replies waiting to be mailed, the mails sent.

No address is stored here: a recipient is known by a keyed hash (`recipient_key`: the HMAC of
a guest's address, or of the account), and the address itself is read when a mail is composed
(the guest's comment, or the account), so erasing a comment or an account erases the address.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from rejoinder.storage.models.base import Base, UTCDateTime


class ReplySubscription(Base):
    """A comment whose author asked to hear of replies (`notify_replies` when posting)."""

    __tablename__ = "reply_subscriptions"
    __table_args__ = (Index("ix_reply_subscriptions_site_id", "site_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    comment_id: Mapped[int] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), unique=True
    )
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), default=None
    )
    recipient_key: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    stopped_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class NotificationRecipient(Base):
    """An address (or an account) as a recipient on one site: confirmed, stopped, mailed."""

    __tablename__ = "notification_recipients"
    __table_args__ = (UniqueConstraint("site_id", "recipient_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    recipient_key: Mapped[str] = mapped_column(String(64))
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), default=None
    )
    # A guest's double opt-in (SECURITY 19); accounts use their own confirmed address.
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    confirmation_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # "Stop all notifications from this site" (the unsubscribe page); a new confirmation lifts it.
    stopped_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # "No more moderation-outcome mail" (featured, approved, rejected) from this site (0011).
    outcomes_stopped_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class ReplyNotice(Base):
    """A reply waiting to be mailed to a recipient (or mailed: `mailed_at`); once per reply."""

    __tablename__ = "reply_notices"
    __table_args__ = (
        UniqueConstraint("subscription_id", "reply_id"),
        Index("ix_reply_notices_recipient_id_mailed_at", "recipient_id", "mailed_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    recipient_id: Mapped[int] = mapped_column(
        ForeignKey("notification_recipients.id", ondelete="CASCADE")
    )
    subscription_id: Mapped[int] = mapped_column(
        ForeignKey("reply_subscriptions.id", ondelete="CASCADE")
    )
    reply_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"))
    digest: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    mailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class NotificationMail(Base):
    """A notification mail sent to a recipient: what the hourly flood limit counts."""

    __tablename__ = "notification_mails"
    __table_args__ = (
        Index("ix_notification_mails_recipient_id_sent_at", "recipient_id", "sent_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    recipient_id: Mapped[int] = mapped_column(
        ForeignKey("notification_recipients.id", ondelete="CASCADE")
    )
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)


class NotificationSetting(Base):
    """An account's choice for reply notifications: every reply, a daily digest, none."""

    __tablename__ = "notification_settings"

    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    reply_notifications: Mapped[str] = mapped_column(String(8))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
