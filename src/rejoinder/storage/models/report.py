"""A reader's report of a comment, with a reason (DSA notices included)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from rejoinder.storage.models.base import Base, UTCDateTime, utcnow


class Report(Base):
    __tablename__ = "reports"
    __table_args__ = (
        UniqueConstraint("comment_id", "reader_key"),
        Index("ix_reports_site_id_created_at", "site_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"))
    reader_key: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(Text, default="")  # the reporter's explanation
    # A DSA notice (Art. 16): the law or reason the reporter names, and where to acknowledge it.
    # The address is mailed only once confirmed (SECURITY 19), and is erased with the report.
    legal_ground: Mapped[str] = mapped_column(String(300), default="")
    reporter_email: Mapped[str | None] = mapped_column(String(320), default=None)
    reporter_email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    reporter_language: Mapped[str | None] = mapped_column(String(8), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
