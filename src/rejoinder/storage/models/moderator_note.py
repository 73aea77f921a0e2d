"""A moderator's note about a reader, kept as a list: who wrote what, when.

`site_id` None means a note on the install-wide standing (an admin's). `author_id` None: the note
predates authors being kept (moved from `user_states.note`), or its author's account is gone.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from rejoinder.storage.models.base import Base, UTCDateTime, utcnow

MAX_NOTE_CHARS = 500


class ModeratorNote(Base):
    __tablename__ = "moderator_notes"
    __table_args__ = (
        Index("ix_moderator_notes_account_site", "account_id", "site_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    site_id: Mapped[int | None] = mapped_column(
        ForeignKey("sites.id", ondelete="CASCADE"), default=None
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"), default=None
    )
    text: Mapped[str] = mapped_column(String(MAX_NOTE_CHARS))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
