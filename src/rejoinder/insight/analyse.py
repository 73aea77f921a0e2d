"""The editor's view of a discussion, from its comments: `analyse(comments) -> Insight`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from rejoinder.insight.model import Insight, InsightComment
from rejoinder.insight.questions import find_questions
from rejoinder.insight.replies import infer_replies
from rejoinder.insight.temperature import temperature
from rejoinder.insight.viewpoints import find_viewpoints


def analyse(comments: Sequence[InsightComment], *, interval: timedelta | None = None) -> Insight:
    """Viewpoints, temperature, questions and (for a flat page) inferred replies.

    Deterministic: the comments are taken in id order (page order for replies), every
    estimator has a fixed seed, and ties are broken by id.
    """
    ordered = sorted(comments, key=lambda c: c.id)
    grouping = find_viewpoints(ordered)
    inferred = infer_replies(ordered)
    intervals = temperature(ordered, interval)
    by_order = ("times_by_order",) if any(i.by_order for i in intervals) else ()
    return Insight(
        viewpoints=grouping.viewpoints,
        other_ids=grouping.other_ids,
        temperature=intervals,
        questions=find_questions(ordered, inferred),
        inferred_replies=inferred,
        comment_count=len(ordered),
        notes=grouping.notes + by_order,
    )
