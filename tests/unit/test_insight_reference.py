"""Insight on the reference page (tests/fixtures/pages/wire-story-with-comments.txt).

Readers answer one another on a flat page: isabelle answers BertieWooster ("We did: it's called
international law") and OKuniyoshi ("Yes, it will ... next door"), OssanAmerica and Fighto!
answer Jtsnose's question ("Both."), A_cross quotes OKuniyoshi's "next door", UChosePoorly
answers OKuniyoshi's "nobody wants any hot conflicts". The previous comment is the parent only
for the first three.
"""

from __future__ import annotations

import pytest

from rejoinder.insight.analyse import analyse
from rejoinder.insight.evaluate import previous_comment, reference_comments
from rejoinder.insight.model import Insight, InsightComment

# comment number on the page (1-based) → the comment it answers
OBVIOUS = {10: 9, 13: 12, 15: 14, 16: 14, 17: 12, 20: 12}


@pytest.fixture(scope="module")
def comments() -> list[InsightComment]:
    return reference_comments()


@pytest.fixture(scope="module")
def insight(comments: list[InsightComment]) -> Insight:
    return analyse(comments)


def test_authors_as_expected(comments: list[InsightComment]) -> None:
    authors = {c.id: c.author for c in comments}
    assert (authors[10], authors[9]) == ("isabelle", "BertieWooster")
    assert (authors[15], authors[14]) == ("OssanAmerica", "Jtsnose")


def test_viewpoints_exist_with_representatives(insight: Insight) -> None:
    assert len(insight.viewpoints) >= 2
    for viewpoint in insight.viewpoints:
        assert viewpoint.label and viewpoint.representative_ids
        assert set(viewpoint.representative_ids) <= set(viewpoint.comment_ids)


def test_obvious_replies_are_inferred_where_the_baseline_fails(
    comments: list[InsightComment], insight: Insight
) -> None:
    inferred = {r.comment_id: r.parent_id for r in insight.inferred_replies}
    baseline = {r.comment_id: r.parent_id for r in previous_comment(comments)}
    assert {c: inferred[c] for c in OBVIOUS} == OBVIOUS
    baseline_misses = [c for c, parent in OBVIOUS.items() if baseline[c] != parent]
    assert baseline_misses == [16, 17, 20]


def test_openers_answer_no_one_and_questions_have_answers(insight: Insight) -> None:
    inferred = {r.comment_id: r.parent_id for r in insight.inferred_replies}
    assert inferred[1] is None and inferred[7] is None  # "Excellent news." answers no one
    questions = {q.comment_id: q.answer_ids for q in insight.questions}
    assert 15 in questions[14]  # Jtsnose's question, OssanAmerica's "Both."
    assert 10 in questions[9]


def test_temperature_covers_the_page(insight: Insight) -> None:
    assert sum(i.comments for i in insight.temperature) == 25
