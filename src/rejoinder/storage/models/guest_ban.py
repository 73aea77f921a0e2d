"""A moderator's ban of a guest on one site, by the network identity key of their comments.

`author_key` is the HMAC the guest's comments and rate limits already use (never the IP itself);
a ban applies while `expires_at` is in the future. Banning the same key again replaces the ban.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from rejoinder.storage.models.base import Base, UTCDateTime, utcnow

MAX_BAN_REASON_CHARS = 500


class GuestBan(Base):
    __tablename__ = "guest_bans"
    __table_args__ = (UniqueConstraint("site_id", "author_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    author_key: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(String(MAX_BAN_REASON_CHARS), default="")
    # The comment the ban was made from, and who made it: for the audit, not for the check.
    comment_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="SET NULL"), default=None
    )
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
