"""Comment shapes: what readers send and what they get back."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from rejoinder.domain.enums import ReactionKind, ReportReason
from rejoinder.domain.limits import (
    MAX_AUTHOR_NAME_CHARS,
    MAX_COMMENT_CHARS,
    MAX_ID,
    MAX_REPORT_DETAIL_CHARS,
    MAX_TITLE_CHARS,
)
from rejoinder.storage.models import Comment


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CommentIn(Strict):
    body: str = Field(
        max_length=MAX_COMMENT_CHARS, description="Markdown; raw HTML is not rendered."
    )
    parent_id: int | None = Field(
        default=None, ge=1, le=MAX_ID, description="The comment this replies to."
    )
    author_name: str | None = Field(default=None, max_length=MAX_AUTHOR_NAME_CHARS)
    author_email: str | None = Field(
        default=None,
        max_length=320,
        description="A guest's email, optional: seen by moderators only, never shown.",
    )
    story_url: str | None = Field(
        default=None, max_length=2000, description="Creates the story on first comment."
    )
    story_title: str | None = Field(default=None, max_length=MAX_TITLE_CHARS)
    resubmit: bool = Field(default=False, description="Posting again after a nudge.")


class CommentEditIn(Strict):
    body: str = Field(max_length=MAX_COMMENT_CHARS)


class ReactionIn(Strict):
    kind: ReactionKind = ReactionKind.LIKE


class ReportIn(Strict):
    reason: ReportReason
    detail: str = Field(default="", max_length=MAX_REPORT_DETAIL_CHARS)


class AuthorOut(BaseModel):
    name: str | None
    account_id: int | None = Field(
        default=None,
        description="The author's account (to mute them); null for guests and deleted comments.",
    )


class CommentOut(BaseModel):
    id: int
    parent_id: int | None
    depth: int
    author: AuthorOut
    body_html: str
    status: Literal["published", "pending", "rejected", "deleted"]
    created_at: datetime
    edited_at: datetime | None
    reply_count: int
    like_count: int


class ReasonOut(BaseModel):
    code: str
    message: str


class ModerationOut(BaseModel):
    action: str
    reasons: list[ReasonOut]


class CommentWrittenOut(CommentOut):
    edit_token: str | None = Field(description="Lets a guest edit or delete this comment.")
    moderation: ModerationOut


class CommentSourceOut(CommentOut):
    body: str = Field(description="The markdown source, for its author only.")


class CommentPageOut(BaseModel):
    total: int = Field(description="Published comments in the whole story.")
    items: list[CommentOut] = Field(description="Top-level comments, each followed by replies.")
    next_cursor: str | None


class CommentWithContextOut(BaseModel):
    comment: CommentOut
    ancestors: list[CommentOut]


class ReactionOut(BaseModel):
    like_count: int


class ReportOut(BaseModel):
    id: int
    reason: ReportReason


def comment_dict(comment: Comment) -> dict[str, Any]:
    """A plain dict in the CommentOut shape: the hot path serialises this with orjson."""
    return {
        "id": comment.id,
        "parent_id": comment.parent_id,
        "depth": comment.depth,
        "author": {
            "name": comment.author_name or None,
            "account_id": comment.author_account_id if comment.status != "deleted" else None,
        },
        "body_html": comment.body_html,
        "status": comment.status,
        "created_at": comment.created_at,
        "edited_at": comment.edited_at,
        "reply_count": comment.reply_count,
        "like_count": comment.like_count,
    }


def public_comment_dict(comment: Comment) -> dict[str, Any]:
    """As readers may see it: a held or rejected comment is only a place in the thread."""
    if comment.status in ("published", "deleted"):
        return comment_dict(comment)
    return {
        "id": comment.id,
        "parent_id": comment.parent_id,
        "depth": comment.depth,
        "author": {"name": None, "account_id": None},
        "body_html": "",
        "status": "deleted",
        "created_at": comment.created_at,
        "edited_at": None,
        "reply_count": comment.reply_count,
        "like_count": 0,
    }
