"""Discussion insight for staff (issue 18): `GET .../stories/{story}/insight` and accepting an
inferred reply. Field names are stable (outside checks rely on them); ids are the comment API's.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from rejoinder.domain.limits import MAX_ID
from rejoinder.http.schemas import Strict


class ViewpointOut(BaseModel):
    label: str = Field(description="Its most distinctive terms, `·`-separated.")
    share: float = Field(description="Its share of the story's comments, 0 to 1.")
    like_share: float = Field(description="Its share of the story's likes, 0 to 1.")
    comment_ids: list[int]
    representative_ids: list[int] = Field(description="Two or three of its most central comments.")


class IntervalOut(BaseModel):
    start: datetime
    end: datetime
    comments: int
    flagged: int = Field(description="Held, rejected or reported comments of the interval.")
    mean_toxicity: float | None = Field(description="None when none of its comments was scored.")
    heated: bool = Field(description="A moment when the discussion heated up.")
    comment_ids: list[int] = Field(description="For a heated interval, the comments that did it.")
    by_order: bool = Field(
        default=False,
        description=(
            "A run of the page's comments rather than a stretch of time: the story's comments "
            "came without times (an import), so its intervals follow their order."
        ),
    )


class QuestionOut(BaseModel):
    comment_id: int
    answer_ids: list[int] = Field(description="Real replies, and inferred ones on a flat page.")
    text: str = Field(description="The sentence that asks.")
    to_newsroom: bool = Field(description="It names the newsroom, the article or its author.")


class InferredReplyOut(BaseModel):
    comment_id: int
    parent_id: int | None = Field(description="The comment it answers; null: it answers no one.")
    confidence: float = Field(description="0 to 1, not calibrated.")
    accepted: bool = Field(description="A moderator made it a real reply (its `parent_id`).")


class InsightOut(BaseModel):
    viewpoints: list[ViewpointOut]
    other_ids: list[int] = Field(description="Comments that fit no viewpoint.")
    temperature: list[IntervalOut]
    questions: list[QuestionOut]
    inferred_replies: list[InferredReplyOut] = Field(
        description="One per comment of a flat page (none when readers replied for real)."
    )
    comment_count: int
    notes: list[str] = Field(
        description=(
            "Codes: `few_comments` (too few for viewpoints), `no_groups` (no group stood out), "
            "`times_by_order` (the comments came without times: intervals follow their order)."
        )
    )
    computed_at: datetime
    story_version: int = Field(description="The story's version it was computed at.")
    stale: bool = Field(description="The story changed since; its job will compute it again.")


class AcceptReplyIn(Strict):
    parent_id: int = Field(ge=1, le=MAX_ID, description="The suggested parent being accepted.")
