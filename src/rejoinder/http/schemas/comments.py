"""Comment shapes: what readers send and what they get back."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from rejoinder.domain import dsa
from rejoinder.domain.enums import ReactionKind, ReportReason
from rejoinder.domain.languages import Language
from rejoinder.domain.limits import (
    MAX_AUTHOR_NAME_CHARS,
    MAX_COMMENT_CHARS,
    MAX_ID,
    MAX_REPORT_DETAIL_CHARS,
    MAX_STORY_URL_CHARS,
    MAX_TITLE_CHARS,
)
from rejoinder.domain.qa import NO_QA, QaMarks
from rejoinder.domain.views import CommentView
from rejoinder.http.schemas import Strict
from rejoinder.services.reports import Notice


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
        default=None,
        max_length=MAX_STORY_URL_CHARS,
        description="Creates the story on first comment.",
    )
    story_title: str | None = Field(default=None, max_length=MAX_TITLE_CHARS)
    resubmit: bool = Field(default=False, description="Posting again after a nudge.")
    notify_replies: bool = Field(
        default=False,
        description=(
            "Mail the author when someone replies (docs/notifications.md). A guest needs "
            "`author_email`, which gets one confirmation mail first; an account uses its "
            "confirmed address."
        ),
    )
    language: Language | None = Field(
        default=None, description="The language of reply notification mail (else the site's)."
    )


class CommentEditIn(Strict):
    body: str = Field(max_length=MAX_COMMENT_CHARS)


class ReactionIn(Strict):
    kind: ReactionKind = ReactionKind.LIKE


class ReportIn(Strict):
    """A report; with reason `illegal` it is an EU DSA notice (Art. 16), which needs
    `legal_ground` and a `detail` that explains it. Other reasons ignore the notice's fields."""

    reason: ReportReason
    detail: str = Field(
        default="",
        max_length=MAX_REPORT_DETAIL_CHARS,
        description=(
            "What the reporter explains; for an illegal-content notice, why the comment is "
            f"illegal (at least {dsa.MIN_NOTICE_EXPLANATION_CHARS} characters)."
        ),
    )
    legal_ground: str | None = Field(
        default=None,
        max_length=dsa.MAX_LEGAL_GROUND_CHARS,
        description="Notices only, required there: the law or legal reason the comment breaks.",
    )
    reporter_email: str | None = Field(
        default=None,
        max_length=320,
        description=(
            "Notices only, optional: where to acknowledge the notice and tell the decision. "
            "Mailed only once its owner confirms it; never shown."
        ),
    )
    language: Language | None = Field(
        default=None, description="Notices only: the language of that mail (else the site's)."
    )

    def notice(self) -> Notice:
        return Notice(self.legal_ground or "", self.reporter_email, self.language)


class PreviewIn(Strict):
    body: str = Field(max_length=MAX_COMMENT_CHARS, description="Markdown, as it would be posted.")


Badge = Literal["staff", "verified", "guest"]


class AuthorOut(BaseModel):
    name: str | None
    account_id: int | None = Field(
        default=None,
        description="The author's account (to mute them); null for guests and deleted comments.",
    )
    badge: Badge | None = Field(
        default=None,
        description=(
            "Who wrote it: `staff` (an admin, or a moderator of this site), `verified` (an "
            "account: a confirmed address or the publisher's sign-in), `guest`; null for deleted "
            "comments and those of deleted accounts."
        ),
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
    featured: bool = Field(
        description=(
            "A moderator featured it: shown in the first page's `featured` box and with "
            "`?filter=featured`."
        )
    )
    expert: bool = Field(
        description=(
            "In a story in Q&A mode: written by one of the story's experts (the story's "
            "`experts`); false everywhere else."
        )
    )
    answered: bool | None = Field(
        description=(
            "In a story in Q&A mode, a top-level comment is a question: true once one of the "
            "story's experts published a reply to it, false until then. Null for replies and "
            "outside Q&A mode."
        )
    )


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
    # Every page has `featured` (the default is for pages built here): the document says so.
    model_config = ConfigDict(json_schema_serialization_defaults_required=True)

    total: int = Field(description="Published comments in the whole story.")
    items: list[CommentOut] = Field(description="Top-level comments, each followed by replies.")
    next_cursor: str | None
    featured: list[CommentOut] = Field(
        default_factory=list,
        description=(
            "On a story's first page (no `cursor`, no `filter`): its featured comments, at most "
            "3, most recently featured first; `[]` on every other page and when there are none."
        ),
    )


class CommentWithContextOut(BaseModel):
    comment: CommentOut
    ancestors: list[CommentOut]


class ReactionOut(BaseModel):
    like_count: int


class ReportOut(BaseModel):
    id: int
    reason: ReportReason


class PreviewOut(BaseModel):
    body_html: str = Field(description="Sanitised HTML, exactly as the comment would be shown.")


def author_badge(comment: CommentView) -> Badge | None:
    """From the row alone: `author_is_staff` comes with it from the reading queries."""
    if comment.status == "deleted" or not comment.author_name:
        return None
    if comment.author_account_id is not None:
        return "staff" if comment.author_is_staff else "verified"
    if comment.author_key is None:  # an account that was deleted: "deleted account"
        return None
    return "guest"


def is_featured(comment: CommentView) -> bool:
    """Featured and still shown: a tombstone or a held comment keeps no badge."""
    return comment.featured_at is not None and comment.status == "published"


def comment_dict(comment: CommentView, qa: QaMarks = NO_QA) -> dict[str, Any]:
    """A plain dict in the CommentOut shape: the hot path serialises this with orjson. `qa`:
    the marks of the comment's page in a Q&A story (services/qa.py)."""
    return {
        "id": comment.id,
        "parent_id": comment.parent_id,
        "depth": comment.depth,
        "author": {
            "name": comment.author_name or None,
            "account_id": comment.author_account_id if comment.status != "deleted" else None,
            "badge": author_badge(comment),
        },
        "body_html": comment.body_html,
        "status": comment.status,
        "created_at": comment.created_at,
        "edited_at": comment.edited_at,
        "reply_count": comment.reply_count,
        "like_count": comment.like_count,
        "featured": is_featured(comment),
        "expert": qa.expert(comment.author_account_id, comment.status),
        "answered": qa.answered_of(comment.id, comment.parent_id),
    }


def public_comment_dict(comment: CommentView, qa: QaMarks = NO_QA) -> dict[str, Any]:
    """As readers may see it: a held or rejected comment is only a place in the thread.

    Every comment a reader is sent goes through this rule (pages, replies, permalinks and their
    parents); which comments they get is the repository's `visible`/`readable` filter. Only a
    comment's author gets `comment_dict` itself, in the answer to their own write.
    """
    if comment.status in ("published", "deleted"):
        return comment_dict(comment, qa)
    return {
        "id": comment.id,
        "parent_id": comment.parent_id,
        "depth": comment.depth,
        "author": {"name": None, "account_id": None, "badge": None},
        "body_html": "",
        "status": "deleted",
        "created_at": comment.created_at,
        "edited_at": None,
        "reply_count": comment.reply_count,
        "like_count": 0,
        "featured": False,
        "expert": False,
        "answered": qa.answered_of(comment.id, comment.parent_id),
    }
