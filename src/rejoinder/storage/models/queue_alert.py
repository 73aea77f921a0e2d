"""When a site's queue last alerted its moderators (services/queue_alerts.py).

One row per site and queue (`pending`, `reported`): `alerted_at` is the last alert; `cleared_at`
is set once a check saw the queue under its threshold again after it (what lets the next
crossing alert before the hour is over).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from rejoinder.storage.models.base import Base, UTCDateTime


class QueueAlert(Base):
    __tablename__ = "queue_alerts"

    site_id: Mapped[int] = mapped_column(
        ForeignKey("sites.id", ondelete="CASCADE"), primary_key=True
    )
    queue: Mapped[str] = mapped_column(String(16), primary_key=True)
    alerted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
