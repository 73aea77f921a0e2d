"""An account: a person who signs in with a password or through a publisher's single sign-on."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from rejoinder.storage.models.base import Base, UTCDateTime, utcnow


class Account(Base):
    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    display_name: Mapped[str] = mapped_column(String(40), unique=True)
    # Lower-cased, for lookups and uniqueness; never returned by the public API (SECURITY 14).
    email: Mapped[str | None] = mapped_column(String(320), unique=True, default=None)
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    password_hash: Mapped[str | None] = mapped_column(String(200), default=None)
    # Install-wide role: "reader" or "admin". Moderators are per site (SiteRole).
    role: Mapped[str] = mapped_column(String(16), default="reader")
    # The language mail to this person is written in (en, ja); None: the site's own.
    language: Mapped[str | None] = mapped_column(String(8), default=None)
    name_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
