"""Shapes of a reader's own comments across a site, account deletion by mail and "forget me"."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from rejoinder.domain.accounts import MAX_EMAIL_CHARS
from rejoinder.domain.views import CommentView
from rejoinder.http.schemas import Strict


class MyCommentOut(BaseModel):
    id: int
    body_html: str = Field(description="Sanitised HTML, as the comment is shown.")
    status: Literal["published", "pending", "rejected"]
    created_at: datetime
    edited_at: datetime | None
    editable_until: datetime | None = Field(
        description="The end of the edit window; null when it is over or the comment cannot be "
        "edited (rejected). Edit with `PATCH /api/v1/sites/{site}/comments/{id}`."
    )
    like_count: int
    reply_count: int
    permalink: str = Field(description="The comment on the story's own page (`#comment-N`).")


class MyStoryOut(BaseModel):
    key: str
    title: str
    url: str


class MyReplyOut(BaseModel):
    id: int
    author_name: str
    body_html: str
    created_at: datetime


class MyCommentItemOut(BaseModel):
    comment: MyCommentOut
    story: MyStoryOut
    replies: list[MyReplyOut] = Field(
        description="The newest 3 published direct replies, newest first, none by a reader you "
        "muted."
    )


class MyCommentsOut(BaseModel):
    items: list[MyCommentItemOut] = Field(description="Your comments on the site, newest first.")
    next_cursor: str | None


class ForgetIn(Strict):
    email: str = Field(max_length=MAX_EMAIL_CHARS + 66, description="The address to forget.")


class SentOut(BaseModel):
    sent: Literal[True] = True


def reply_dict(reply: CommentView) -> dict[str, Any]:
    return {
        "id": reply.id,
        "author_name": reply.author_name,
        "body_html": reply.body_html,
        "created_at": reply.created_at,
    }
