"""Story shapes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field

from rejoinder.domain.limits import MAX_ID, MAX_STORY_URL_CHARS, MAX_TITLE_CHARS
from rejoinder.domain.qa import MAX_EXPERTS
from rejoinder.http.schemas import Strict


class ExpertOut(BaseModel):
    account_id: int
    display_name: str


class StoryOut(BaseModel):
    id: str
    url: str
    title: str
    comment_count: int
    published_at: datetime | None
    closed_at: datetime | None
    created_at: datetime
    qa: bool = Field(
        description=(
            "Q&A mode: its top-level comments are questions (each comment's `answered`), its "
            "experts' comments are marked (`expert`) and published without the hold."
        )
    )
    experts: list[ExpertOut] = Field(
        description="The accounts a moderator named to answer, in that order ([] outside Q&A)."
    )


ExpertId = Annotated[int, Field(strict=True, ge=1, le=MAX_ID)]


class QaIn(Strict):
    enabled: bool = Field(strict=True, description="`true` turns Q&A mode on, `false` off.")
    experts: list[ExpertId] = Field(
        default_factory=list,
        max_length=MAX_EXPERTS,
        description=(
            f"The experts' account ids (at most {MAX_EXPERTS}); they replace the story's. Each "
            "must be an account that may comment on the site and is not banned there (a 400)."
        ),
    )
    story_url: str | None = Field(
        default=None,
        max_length=MAX_STORY_URL_CHARS,
        description=(
            "Starts a story that has no comment yet (a page on the site's origins), so that a Q&A "
            "can be announced before it opens; ignored for a story that exists."
        ),
    )
    story_title: str | None = Field(default=None, max_length=MAX_TITLE_CHARS)


class CountsOut(BaseModel):
    stories: dict[str, int]
    urls: dict[str, int]
