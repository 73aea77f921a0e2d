"""What moderators keep about a guest on one site, by the network identity key of their comments
(the HMAC that guest bans use, never the IP itself): notes, and always-pre-moderate."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from rejoinder.storage.models.base import Base, UTCDateTime, utcnow
from rejoinder.storage.models.moderator_note import MAX_NOTE_CHARS


class GuestNote(Base):
    __tablename__ = "guest_notes"
    __table_args__ = (Index("ix_guest_notes_site_key", "site_id", "author_key", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    author_key: Mapped[str] = mapped_column(String(64))
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"), default=None
    )
    text: Mapped[str] = mapped_column(String(MAX_NOTE_CHARS))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class GuestPremoderation(Base):
    __tablename__ = "guest_premoderations"
    __table_args__ = (UniqueConstraint("site_id", "author_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    author_key: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(500), default="")
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
