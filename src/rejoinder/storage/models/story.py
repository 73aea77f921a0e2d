"""A story: one article on a site, keyed by the publisher's own story id."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from rejoinder.storage.models.base import Base, UTCDateTime, utcnow


class Story(Base):
    __tablename__ = "stories"
    __table_args__ = (
        UniqueConstraint("site_id", "key"),
        Index("ix_stories_site_id_url", "site_id", "url"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(String(2000))
    title: Mapped[str] = mapped_column(String(300))
    body_html: Mapped[str | None] = mapped_column(Text, default=None)
    attribution: Mapped[str | None] = mapped_column(String(300), default=None)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Visible comments (published, plus tombstones that keep replies readable).
    comment_count: Mapped[int] = mapped_column(Integer, default=0)
    # Bumped on every change to the story's comments: the key of cached pages and ETags.
    version: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
