"""A story surge raised to the moderators (moderation/surges.py): one row per story, open until
a moderator clears it; comments before the last clearance no longer count towards a surge."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer
from sqlalchemy.orm import Mapped, mapped_column

from rejoinder.storage.models.base import Base, UTCDateTime, utcnow


class StoryAlert(Base):
    __tablename__ = "story_alerts"
    __table_args__ = (Index("ix_story_alerts_site_open", "site_id", "is_open", "last_seen_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), unique=True)
    is_open: Mapped[bool] = mapped_column(Boolean, default=True)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    held: Mapped[int] = mapped_column(Integer, default=0)  # comments held since it opened
    # The latest counts (moderation/surges.Surge.evidence): short opaque network keys, ages.
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    cleared_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"), default=None
    )
