"""A statement of reasons (EU DSA Art. 17), kept as the Transparency Database's own JSON.

`statement` holds the fields of the database's `POST /api/v1/statement` exactly as they are
exported (Art. 24(5)); `puid` is also a column so that it is unique per install.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from rejoinder.storage.models.base import Base, UTCDateTime, utcnow


class DsaStatement(Base):
    __tablename__ = "dsa_statements"
    __table_args__ = (Index("ix_dsa_statements_site_created", "site_id", "created_at", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    comment_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="SET NULL"), default=None
    )
    decision_id: Mapped[int | None] = mapped_column(
        ForeignKey("moderation_decisions.id", ondelete="SET NULL"), default=None
    )
    puid: Mapped[str] = mapped_column(String(500), unique=True)
    statement: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
