"""The link between a publisher's user id (from its signed SSO token) and a Rejoinder account."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from rejoinder.storage.models.base import Base, UTCDateTime, utcnow


class SsoIdentity(Base):
    __tablename__ = "sso_identities"
    __table_args__ = (
        UniqueConstraint("site_id", "external_id"),
        Index("ix_sso_identities_account_site", "account_id", "site_id"),  # an author's link
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    external_id: Mapped[str] = mapped_column(String(200))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
