"""A comment, its place in the thread, and its denormalised counters."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, query_expression

from rejoinder.storage.models.base import Base, UTCDateTime, utcnow


class Comment(Base):
    __tablename__ = "comments"
    __table_args__ = (
        # One index per sort key: a page of top-level comments is an index range scan.
        Index("ix_comments_roots_by_time", "story_id", "depth", "created_at", "id"),
        Index("ix_comments_roots_by_likes", "story_id", "depth", "like_count", "id"),
        Index("ix_comments_roots_by_replies", "story_id", "depth", "reply_count", "id"),
        Index("ix_comments_thread", "root_id", "created_at", "id"),
        Index("ix_comments_children", "parent_id", "created_at", "id"),
        Index("ix_comments_site_recent", "site_id", "created_at"),
        Index("ix_comments_story_recent", "story_id", "created_at"),
        UniqueConstraint("story_id", "import_key"),
        # A moderators' queue, riskiest first (services/queues.py): an index range scan.
        Index("ix_comments_site_status_risk", "site_id", "status", "risk", "id"),
        # A story's featured comments, most recently featured first (services/threads.py): only
        # the few featured rows are in it, so posting does not pay for it.
        Index(
            "ix_comments_story_featured",
            "story_id",
            "featured_at",
            "id",
            sqlite_where=text("featured_at IS NOT NULL"),
            postgresql_where=text("featured_at IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id"), default=None)
    root_id: Mapped[int | None] = mapped_column(Integer, default=None)
    depth: Mapped[int] = mapped_column(Integer, default=0)
    author_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"), default=None
    )
    author_name: Mapped[str] = mapped_column(String(40))
    # A guest's optional address, for the moderators only: never in the public API (SECURITY 14),
    # never mailed before it is confirmed (SECURITY 19), erased with the comment.
    author_email: Mapped[str | None] = mapped_column(String(320), default=None)
    # HMAC of the author's identity with the install secret; cleared when deleted.
    author_key: Mapped[str | None] = mapped_column(String(64), default=None)
    # HMAC of the writer's network identity (domain/requester.Requester.reader_key), for story
    # surges (moderation/surges.py); cleared with the author's other personal data.
    network_key: Mapped[str | None] = mapped_column(String(64), default=None)
    body_src: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="published")
    reply_count: Mapped[int] = mapped_column(Integer, default=0)
    like_count: Mapped[int] = mapped_column(Integer, default=0)
    # Content version: guest edit tokens are bound to it (SECURITY 12).
    version: Mapped[int] = mapped_column(Integer, default=1)
    moderation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    import_key: Mapped[str | None] = mapped_column(String(64), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # Set when a moderator features the comment (shown first to readers who sort by it).
    featured_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # How urgently a moderator should look (domain/risk.py): kept up to date by the pipeline's
    # decision and each report, so that a queue orders by an index rather than by computing it.
    risk: Mapped[float] = mapped_column(Float, default=0.0)
    # Not stored: whether the author is an admin or a moderator of the comment's site, filled in
    # by the queries that read comments for readers (repositories/comments.py), for the badge.
    author_is_staff: Mapped[bool | None] = query_expression()
