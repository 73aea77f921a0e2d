"""A version of a site's learnt head (moderation/site_head.py), with its training figures.

Every training run that met the minimums leaves a row, whether the head passed the activation
gate (`active`, later `retired`) or not (`refused`), so the record says which version decided
what (a comment's `moderation.site_model.version`) and why a version was or was not used. At
most one row per site is `active` (a partial unique index on PostgreSQL and SQLite).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, LargeBinary, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from rejoinder.storage.models.base import Base, UTCDateTime, utcnow


class SiteModel(Base):
    __tablename__ = "site_models"
    __table_args__ = (
        UniqueConstraint("site_id", "version"),
        Index(
            "ix_site_models_one_active",
            "site_id",
            unique=True,
            sqlite_where=text("status = 'active'"),
            postgresql_where=text("status = 'active'"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)  # 1, 2, ... per site
    status: Mapped[str] = mapped_column(String(16))  # active | retired | refused
    base_model: Mapped[str] = mapped_column(String(32))  # fingerprint of the fast model
    # The newest moderator decision it learnt from: the job trains again only after newer ones.
    decisions_through: Mapped[int] = mapped_column(Integer)
    figures: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    weights: Mapped[bytes] = mapped_column(LargeBinary)  # an .npz, never a pickle
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    activated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
