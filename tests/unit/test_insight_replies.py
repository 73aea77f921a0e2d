"""Reply inference on constructed quotes, names and openers; questions and their answers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rejoinder.insight.analyse import analyse
from rejoinder.insight.model import InsightComment
from rejoinder.insight.questions import asked, find_questions
from rejoinder.insight.replies import infer_replies

START = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
FILLER = [
    "The weather in Canberra has been lovely all week.",
    "Submarines take decades to build, whatever the treaty says.",
    "My grandfather served in the navy in the fifties.",
    "Budget figures in the annex look optimistic to me.",
    "Quantum sensing is the interesting part of Pillar Two.",
]


def _page(texts: list[tuple[str, str]]) -> list[InsightComment]:
    return [
        InsightComment(i + 1, None, author, text, START + timedelta(minutes=i))
        for i, (author, text) in enumerate(texts)
    ]


def _parents(comments: list[InsightComment]) -> dict[int, int | None]:
    return {r.comment_id: r.parent_id for r in infer_replies(comments)}


def test_a_quote_of_an_earlier_comment_links_to_it() -> None:
    comments = _page(
        [
            ("alice", "Hypersonic missile cooperation will anger Beijing for years."),
            *((f"f{i}", t) for i, t in enumerate(FILLER)),
            ("bob", '"anger Beijing for years" is exactly the point of deterrence.'),
        ]
    )
    assert _parents(comments)[7] == 1


def test_naming_an_author_links_to_their_comment() -> None:
    comments = _page(
        [
            ("Carla_K", "Canada should join the next round."),
            *((f"f{i}", t) for i, t in enumerate(FILLER)),
            ("dan", "Carla_K: they were never asked."),
            ("erin", "@dan they were, in 2023."),
        ]
    )
    parents = _parents(comments)
    assert parents[7] == 1
    assert parents[8] == 7


def test_unrelated_comments_answer_no_one_and_confidence_is_a_share() -> None:
    comments = _page([(f"f{i}", t) for i, t in enumerate(FILLER)])
    replies = infer_replies(comments)
    assert [r.parent_id for r in replies] == [None] * len(FILLER)
    assert all(0 < r.confidence <= 1 for r in replies)


def test_a_threaded_page_gets_no_inferred_replies() -> None:
    threaded = [
        InsightComment(1, None, "a", "Hello?", START),
        InsightComment(2, 1, "b", "Yes, hello.", START + timedelta(minutes=1)),
    ]
    assert infer_replies(threaded) == ()
    (question,) = find_questions(threaded)
    assert question.comment_id == 1 and question.answer_ids == (2,)


def test_questions_are_detected_with_their_inferred_answers() -> None:
    comments = _page(
        [
            ("jo", "Does anyone know when the Pillar Two talks start"),
            ("kim", "Is Japan's secrecy law strong enough? Editors, please look into it."),
            ("jo", "Yes, Japan's secrecy law was tightened in 2024 with a clearance system."),
            ("lee", "I like the photo."),
        ]
    )
    questions = {q.comment_id: q for q in analyse(comments).questions}
    assert set(questions) == {1, 2}
    assert questions[2].answer_ids == (3,)
    assert questions[2].to_newsroom and not questions[1].to_newsroom
    assert questions[2].text == "Is Japan's secrecy law strong enough?"


def test_asked() -> None:
    assert asked("Sensible, no?") == "Sensible, no?"
    assert asked("I wonder if they will sign. Probably.") == "I wonder if they will sign."
    assert asked("A statement. Another one!") is None
