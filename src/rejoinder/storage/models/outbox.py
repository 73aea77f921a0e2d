"""The outbox: every domain event, written in the transaction of the change it reports.

`handed_at` is set once the event has been given to this install's subscribers; an event whose
process stopped before that is handed again by the next drain (at start-up and periodically).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from rejoinder.storage.models.base import Base, UTCDateTime


class OutboxEvent(Base):
    __tablename__ = "outbox"
    __table_args__ = (
        Index(
            "ix_outbox_unhanded",
            "id",
            sqlite_where=text("handed_at IS NULL"),
            postgresql_where=text("handed_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    type: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, object]] = mapped_column(JSON)
    request_id: Mapped[str | None] = mapped_column(String(64), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    handed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
