"""A story's discussion insight (issue 18, ADR 0025): the last computed answer, one row per story.

`payload` is the insight as the API answers it (`services/insight.py` makes it); the rest says
what it was computed from, so a reader of it can tell whether the story has moved on since.
`accepted_ids` are the comments a moderator hung under their inferred parent: the page stays
"flat" for the reply inference although those comments have a parent now.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column

from rejoinder.storage.models.base import Base, UTCDateTime


class StoryInsight(Base):
    __tablename__ = "story_insights"

    story_id: Mapped[int] = mapped_column(
        ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True
    )
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    comment_count: Mapped[int] = mapped_column(Integer)
    story_version: Mapped[int] = mapped_column(Integer)  # stories.version it was computed at
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    accepted_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
