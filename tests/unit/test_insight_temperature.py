"""Temperature buckets and heated moments on a constructed timeline."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from rejoinder.insight.model import InsightComment
from rejoinder.insight.temperature import auto_interval, temperature

START = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


def _comment(id_: int, minutes: int, toxicity: float, flagged: bool = False) -> InsightComment:
    return InsightComment(id_, None, "r", "text", START + timedelta(minutes=minutes), 0,
                          toxicity, flagged)  # fmt: skip


@pytest.mark.parametrize(
    ("span", "step"),
    [
        (timedelta(minutes=30), timedelta(minutes=5)),
        (timedelta(hours=3), timedelta(minutes=15)),
        (timedelta(hours=20), timedelta(hours=1)),
        (timedelta(days=3), timedelta(hours=6)),
        (timedelta(days=10), timedelta(days=1)),
        (timedelta(days=60), timedelta(days=3)),
    ],
)
def test_auto_interval_aims_at_most_24_buckets(span: timedelta, step: timedelta) -> None:
    assert auto_interval(span) == step


def test_buckets_count_flagged_and_mean_toxicity_and_mark_the_heated_hour() -> None:
    calm = [_comment(i, i * 20, 0.1) for i in range(1, 31)]  # ten hours, three an hour
    hot = [
        _comment(100, 181, 0.9, flagged=True),
        _comment(101, 185, 0.8, flagged=True),
        _comment(102, 190, 0.7),
        _comment(103, 195, 0.2),
    ]
    intervals = temperature([*calm, *hot])
    assert all(i.end - i.start == timedelta(hours=1) for i in intervals)
    assert intervals[0].start == START
    assert sum(i.comments for i in intervals) == 34
    heated = [i for i in intervals if i.heated]
    assert len(heated) == 1
    (moment,) = heated
    assert moment.start == START + timedelta(hours=3)
    assert moment.flagged == 2 and moment.comments == 7
    assert moment.comment_ids == (100, 101, 102)  # flagged and toxic ones, most toxic first
    assert moment.mean_toxicity == pytest.approx((0.3 + 0.9 + 0.8 + 0.7 + 0.2) / 7, abs=1e-4)


def test_given_interval_and_unscored_comments() -> None:
    comments = [InsightComment(i, None, "r", "t", START + timedelta(minutes=i)) for i in range(10)]
    intervals = temperature(comments, timedelta(minutes=2))
    assert len(intervals) == 5
    assert all(i.mean_toxicity is None and not i.heated for i in intervals)


def test_one_lone_toxic_comment_is_no_heated_moment() -> None:
    calm = [_comment(i, i * 20, 0.1) for i in range(1, 31)]
    intervals = temperature([*calm, _comment(99, 181, 0.99, flagged=True)])
    assert not any(i.heated for i in intervals)


def _imported(id_: int, toxicity: float, flagged: bool = False) -> InsightComment:
    """A comment of a page imported without times: every one stamped within the same second."""
    moment = START + timedelta(microseconds=id_ * 1000)
    return InsightComment(id_, None, "r", "text", moment, 0, toxicity, flagged)


def test_a_page_without_times_is_charted_by_the_order_of_its_comments() -> None:
    calm = [_imported(i, 0.05) for i in range(1, 17)]
    heated = [_imported(i, 0.9, flagged=True) for i in range(17, 21)]
    after = [_imported(i, 0.05) for i in range(21, 26)]
    intervals = temperature(calm + heated + after)
    assert all(i.by_order for i in intervals) and len(intervals) > 1
    assert [i.comments for i in intervals] == [4, 4, 4, 4, 4, 4, 1]
    assert [i.heated for i in intervals] == [False] * 4 + [True] + [False] * 2
    assert intervals[4].comment_ids == (17, 18, 19, 20)


def test_a_few_comments_close_together_keep_the_clock() -> None:
    """Five comments in a second are a lively minute, not an import: one interval of time."""
    intervals = temperature([_imported(i, 0.1) for i in range(1, 6)])
    assert len(intervals) == 1 and not intervals[0].by_order
