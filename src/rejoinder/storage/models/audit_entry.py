"""The audit log: every decision, ban, suspension, note, setting and role change, append-only.

Nothing updates or deletes a row here (the dashboard has no such action; the repository offers
none). The actor's name is kept as it was at the time, so a renamed or erased account still
reads in the log as who acted then. `site_id` None: an install-wide change (an admin's).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from rejoinder.storage.models.base import Base, UTCDateTime, utcnow


class AuditEntry(Base):
    __tablename__ = "audit_entries"
    __table_args__ = (
        Index("ix_audit_entries_site_created", "site_id", "created_at", "id"),
        Index("ix_audit_entries_site_action", "site_id", "action", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int | None] = mapped_column(
        ForeignKey("sites.id", ondelete="SET NULL"), default=None
    )
    actor: Mapped[str] = mapped_column(String(64))  # "account:<id>", "system" or "cli"
    actor_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"), default=None
    )
    actor_name: Mapped[str] = mapped_column(String(80), default="")
    action: Mapped[str] = mapped_column(String(48))  # e.g. "comment.reject", "reader.ban"
    target_type: Mapped[str] = mapped_column(String(24))  # comment, account, guest, site, ...
    target_id: Mapped[str] = mapped_column(String(64))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
