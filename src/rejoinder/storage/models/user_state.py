"""What moderators decided about a reader: banned, suspended until, always pre-moderated.

`site_id` None means every site of the install (an admin's decision). One state per account and
site, and one install-wide: a unique index treats NULLs as distinct, so a partial one holds the
install-wide state (decisions made at the same moment insert `ON CONFLICT DO NOTHING` against them).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from rejoinder.storage.models.base import Base, UTCDateTime, utcnow


class UserState(Base):
    __tablename__ = "user_states"
    __table_args__ = (
        Index("ix_user_states_account_site", "account_id", "site_id", unique=True),
        Index(
            "ix_user_states_account_everywhere",
            "account_id",
            unique=True,
            sqlite_where=text("site_id IS NULL"),
            postgresql_where=text("site_id IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    site_id: Mapped[int | None] = mapped_column(
        ForeignKey("sites.id", ondelete="CASCADE"), default=None
    )
    banned: Mapped[bool] = mapped_column(Boolean, default=False)
    suspended_until: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    premoderated: Mapped[bool] = mapped_column(Boolean, default=False)
    # Expand/contract: notes now live in `moderator_notes`; this column still receives the latest
    # one so that the previous release, if rolled back to, shows it. A later migration drops it.
    note: Mapped[str] = mapped_column(String(500), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
