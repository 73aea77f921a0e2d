"""The values insight works on and answers with; the API's JSON has the same names."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class InsightComment:
    """One comment of a story as insight sees it (published or held; deleted ones left out)."""

    id: int
    parent_id: int | None
    author: str  # the display name shown with it
    text: str  # the comment as plain text (markdown source)
    created_at: datetime
    like_count: int = 0
    toxicity: float | None = None  # the moderation model's score, when it was scored
    flagged: bool = False  # held, rejected or reported: what made the discussion hot


@dataclass(frozen=True)
class Viewpoint:
    label: str  # a few of its most distinctive terms, "china · allies · stand"
    share: float  # of the story's comments, 0..1
    like_share: float  # of the story's likes, 0..1
    comment_ids: tuple[int, ...]
    representative_ids: tuple[int, ...]  # two or three of the most central comments


@dataclass(frozen=True)
class Interval:
    start: datetime
    end: datetime
    comments: int
    flagged: int
    mean_toxicity: float | None  # None when no comment of the interval was scored
    heated: bool = False  # a moment when the discussion heated up
    comment_ids: tuple[int, ...] = ()  # for a heated interval, the comments that did it
    by_order: bool = False  # a run of the page's comments, not a stretch of time (no times)


@dataclass(frozen=True)
class Question:
    comment_id: int
    answer_ids: tuple[int, ...]
    text: str = ""  # the sentence that asks
    to_newsroom: bool = False  # it names the newsroom, the article or its author


@dataclass(frozen=True)
class InferredReply:
    comment_id: int
    parent_id: int | None  # None: it answers no one
    confidence: float  # 0..1


@dataclass(frozen=True)
class Insight:
    viewpoints: tuple[Viewpoint, ...] = ()
    other_ids: tuple[int, ...] = ()  # comments that fit no viewpoint
    temperature: tuple[Interval, ...] = ()
    questions: tuple[Question, ...] = ()
    inferred_replies: tuple[InferredReply, ...] = ()
    comment_count: int = 0
    # Codes the dashboard words in the reader's language: "few_comments" (too few for
    # viewpoints), "no_groups" (no group stood out), "times_by_order" (no times: see temperature).
    notes: tuple[str, ...] = field(default=())
