"""The reader's inbox: what the widget's notification bell lists (docs/notifications.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from rejoinder.domain.inbox import MAX_MARK
from rejoinder.domain.limits import MAX_ID
from rejoinder.http.schemas import Strict

Kind = Literal["reply", "featured", "approved", "rejected"]


class InboxStoryOut(BaseModel):
    key: str
    title: str
    url: str


class InboxItemOut(BaseModel):
    id: int
    kind: Kind = Field(
        description="`reply`: someone replied to your comment; `featured`, `approved`, "
        "`rejected`: a moderator's decision on your comment."
    )
    created_at: datetime
    read: bool
    comment_id: int = Field(
        description="The comment to show: the reply for `reply`, your comment otherwise."
    )
    story: InboxStoryOut
    actor_name: str | None = Field(description="The replier's display name (`reply` only).")
    excerpt: str = Field(
        description="Plain text, at most 140 characters: of the reply for `reply`, of your "
        "comment otherwise."
    )
    reason: str | None = Field(
        description="`rejected`: the summary of the statement of reasons, when one was made."
    )


class InboxOut(BaseModel):
    items: list[InboxItemOut] = Field(description="Newest first.")
    unread: int
    next_cursor: str | None


class UnreadOut(BaseModel):
    unread: int


class MarkReadIn(Strict):
    """Either `ids` (yours; others' are ignored) or `all: true`."""

    ids: list[int] | None = Field(
        default=None, max_length=MAX_MARK, description=f"At most {MAX_MARK} item ids."
    )
    all: bool = False

    @model_validator(mode="after")
    def _one_of(self) -> MarkReadIn:
        if (self.ids is None) == (not self.all):
            raise ValueError('send either "ids" or "all": true, not both')
        if self.ids is not None and any(not 1 <= item <= MAX_ID for item in self.ids):
            raise ValueError(f"ids are between 1 and {MAX_ID}")
        return self
