"""A signed-in reader's inbox (docs/notifications.md#the-inbox): what the widget's bell lists.

One row per thing to tell: a reply to one of their comments, or a moderator's featuring,
approval or rejection of one. `source` names what made it (`reply:<id>`, `featured:<id>`,
`approved:<decision id>`, ...), unique per account, so a job that runs twice makes one item.
Nothing is copied from the comments but the rejection's summary of reasons: names, text and
story are read when the inbox is.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from rejoinder.storage.models.base import Base, UTCDateTime


class InboxItem(Base):
    __tablename__ = "inbox_items"
    __table_args__ = (
        UniqueConstraint("account_id", "source"),
        # This account's items on this site, newest first: the list and the unread count.
        Index(
            "ix_inbox_items_account_id_site_id_created_at_id",
            "account_id",
            "site_id",
            "created_at",
            "id",
        ),
        Index("ix_inbox_items_created_at", "created_at"),  # the 90-day purge
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))  # domain/inbox.InboxKind
    # The reader's own comment the item is about (the parent, for a reply).
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"))
    # The comment that caused it: the reply (None for a moderator's decision).
    cause_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), default=None
    )
    source: Mapped[str] = mapped_column(String(48))
    # A rejection's summary of its statement of reasons, when the decision made one.
    reason: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
