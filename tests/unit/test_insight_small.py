"""Empty and tiny discussions: an answer, never a crash."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from rejoinder.insight.analyse import analyse
from rejoinder.insight.model import Insight, InsightComment

START = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


def _comments(count: int) -> list[InsightComment]:
    texts = ["Good point?", "No.", "", "!!!", "the the the", "Agreed, @reader0: yes"]
    return [
        InsightComment(
            i + 1, None, f"reader{i}", texts[i % len(texts)], START + timedelta(minutes=i)
        )
        for i in range(count)
    ]


def test_no_comments() -> None:
    assert analyse([]) == Insight(notes=("few_comments",))


@pytest.mark.parametrize("count", [1, 5, 8, 9])
def test_tiny_discussions(count: int) -> None:
    insight = analyse(_comments(count))
    assert insight.comment_count == count
    assert len(insight.inferred_replies) == count
    assert sum(i.comments for i in insight.temperature) == count
    if count < 8:
        assert insight.viewpoints == () and insight.notes


def test_same_moment_and_naive_times() -> None:
    naive = [InsightComment(i, None, "a", "text", datetime(2026, 1, 1, 9, 0)) for i in range(1, 4)]
    (only,) = analyse(naive).temperature
    assert only.comments == 3 and only.end - only.start == timedelta(minutes=5)
