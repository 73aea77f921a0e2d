"""Temperature over time: comments, flagged comments and mean toxicity per interval.

The interval, unless given, is the first of 5 min, 15 min, 1 h, 6 h, 1 day (or whole days)
that cuts the story's span into at most MAX_BUCKETS buckets, aligned on the clock. An interval
is heated when it has at least MIN_COMMENTS comments and its flagged share or mean toxicity is
well above the story's own baseline, and more than one comment did it (one abusive line is no
heated moment); its `comment_ids` are the comments that did it.

A page imported without times (a flat dump: every comment stamped within a second or two) has
no time to cut: its intervals follow the comments' order instead, BY_ORDER comments or so each,
and `by_order` says so, so that the chart still shows where in the discussion it heated up.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from rejoinder.insight.model import InsightComment, Interval

STEPS = tuple(
    timedelta(minutes=m) for m in (5, 15, 60, 6 * 60, 24 * 60)
)  # rounded sizes, smallest first
MAX_BUCKETS = 24
MIN_COMMENTS = 3
FLAGGED_ABOVE = 0.2  # heated: flagged share at least this above the story's share
TOXICITY_ABOVE = 0.15  # heated: mean toxicity at least this above the story's mean
TOXIC = 0.5  # a comment this toxic, or flagged, is one that heated the interval
RESPONSIBLE = 10
TIMELESS_SPAN = timedelta(minutes=1)  # a whole discussion within this: its times say nothing
BY_ORDER_BUCKETS = 8  # intervals of a timeless discussion, at least MIN_COMMENTS comments each


def auto_interval(span: timedelta) -> timedelta:
    for step in STEPS:
        if span <= step * MAX_BUCKETS:
            return step
    return STEPS[-1] * math.ceil(span / (STEPS[-1] * MAX_BUCKETS))


def _floor(moment: datetime, step: timedelta) -> datetime:
    epoch = datetime(1970, 1, 1, tzinfo=UTC if moment.tzinfo else None)
    if moment.tzinfo:
        epoch = epoch.astimezone(moment.tzinfo)
    return epoch + step * ((moment - epoch) // step)


def temperature(
    comments: Sequence[InsightComment], interval: timedelta | None = None
) -> tuple[Interval, ...]:
    if not comments:
        return ()
    if interval is not None and interval <= timedelta(0):
        raise ValueError("interval must be positive")
    ordered = sorted(comments, key=lambda c: (c.created_at, c.id))
    if interval is None and timeless(ordered):
        return _by_order(sorted(comments, key=lambda c: c.id))
    step = interval or auto_interval(ordered[-1].created_at - ordered[0].created_at)
    start = _floor(ordered[0].created_at, step)
    buckets: list[list[InsightComment]] = [
        [] for _ in range((ordered[-1].created_at - start) // step + 1)
    ]
    for comment in ordered:
        buckets[(comment.created_at - start) // step].append(comment)
    share, toxicity = _baseline(ordered)
    return tuple(
        _interval(start + step * i, step, bucket, share, toxicity)
        for i, bucket in enumerate(buckets)
    )


def timeless(comments: Sequence[InsightComment]) -> bool:
    """Enough comments to chart, all stamped within TIMELESS_SPAN: an import without times."""
    if len(comments) < 2 * MIN_COMMENTS:
        return False
    moments = [c.created_at for c in comments]
    return max(moments) - min(moments) <= TIMELESS_SPAN


def _by_order(ordered: Sequence[InsightComment]) -> tuple[Interval, ...]:
    """Consecutive runs of the page's comments, in page (id) order, as the intervals."""
    size = max(MIN_COMMENTS, math.ceil(len(ordered) / BY_ORDER_BUCKETS))
    share, toxicity = _baseline(ordered)
    runs = [ordered[i : i + size] for i in range(0, len(ordered), size)]
    intervals = []
    for run in runs:
        start = min(c.created_at for c in run)
        end = max(c.created_at for c in run)
        found = _interval(start, end - start, run, share, toxicity)
        intervals.append(replace(found, by_order=True))
    return tuple(intervals)


def _mean_toxicity(comments: Sequence[InsightComment]) -> float | None:
    scored = [c.toxicity for c in comments if c.toxicity is not None]
    return sum(scored) / len(scored) if scored else None


def _baseline(comments: Sequence[InsightComment]) -> tuple[float, float | None]:
    return sum(c.flagged for c in comments) / len(comments), _mean_toxicity(comments)


def _interval(
    start: datetime,
    step: timedelta,
    bucket: Sequence[InsightComment],
    share: float,
    toxicity: float | None,
) -> Interval:
    flagged = sum(c.flagged for c in bucket)
    mean = _mean_toxicity(bucket)
    hot_flags = flagged >= 2 and flagged / max(len(bucket), 1) >= share + FLAGGED_ABOVE
    hot_toxicity = mean is not None and toxicity is not None and mean >= toxicity + TOXICITY_ABOVE
    responsible = _responsible(bucket, toxicity)
    heated = len(bucket) >= MIN_COMMENTS and (hot_flags or hot_toxicity) and len(responsible) > 1
    return Interval(
        start=start,
        end=start + step,
        comments=len(bucket),
        flagged=flagged,
        mean_toxicity=round(mean, 4) if mean is not None else None,
        heated=heated,
        comment_ids=responsible if heated else (),
    )


def _responsible(bucket: Sequence[InsightComment], baseline: float | None) -> tuple[int, ...]:
    """The flagged comments and the clearly toxic ones, most toxic first."""
    bar = max(TOXIC, (baseline or 0.0) + 2 * TOXICITY_ABOVE)
    hot = [c for c in bucket if c.flagged or (c.toxicity or 0.0) >= bar]
    hot.sort(key=lambda c: (-(c.toxicity or 0.0), c.id))
    return tuple(c.id for c in hot[:RESPONSIBLE])
