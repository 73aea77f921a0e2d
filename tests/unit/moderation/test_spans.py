"""Toxic spans: the SemEval-2021 Task 5 metric, and the shipped span model's highlights."""

from __future__ import annotations

import math

import numpy as np
import pytest

from rejoinder.moderation.evaluation.spans import char_f1, offsets, post_f1, ranges, word_spans
from rejoinder.moderation.scoring import MODELS_DIR, load_model
from rejoinder.moderation.spans import SpanModel, load_spans, merge, word_offsets


def test_post_f1_follows_semeval() -> None:
    assert post_f1([], []) == 1.0
    assert post_f1([1, 2], []) == 0.0
    assert post_f1([], [1, 2]) == 0.0
    assert post_f1([1, 2], [3, 4]) == 0.0
    # precision 2/4, recall 2/2: F1 = 2 * 0.5 * 1 / 1.5
    assert post_f1([1, 2, 3, 4], [1, 2]) == pytest.approx(2 / 3)
    assert post_f1([5, 5, 6], [5, 6]) == 1.0  # sets: repeated offsets count once


def test_char_f1_is_the_mean_over_posts() -> None:
    assert char_f1([[1], [], [7]], [[1], [], [8]]) == pytest.approx(2 / 3)
    assert math.isnan(char_f1([], []))
    with pytest.raises(ValueError, match="2 predictions for 1 posts"):
        char_f1([[], []], [[]])


def test_ranges_and_offsets_round_trip() -> None:
    assert ranges([4, 1, 2, 3, 9]) == [(1, 5), (9, 10)]
    assert offsets([(1, 5), (9, 10)]) == {1, 2, 3, 4, 9}
    assert offsets([[0, 2]]) == {0, 1}


def test_neighbouring_words_merge_with_what_separates_them() -> None:
    text = "You stupid, ignorant fool. Go away."
    found = word_offsets(text)
    chosen = np.array([w in {"stupid", "ignorant", "fool"} for w in (text[a:b] for a, b in found)])
    assert [text[a:b] for a, b in merge(found, chosen)] == ["stupid, ignorant fool"]


def test_explanation_words_map_to_every_occurrence() -> None:
    text = "Idiot. You are an IDIOT and a fool"
    assert [text[a:b] for a, b in word_spans(text, ["idiot", "a fool"])] == [
        "Idiot",
        "IDIOT",
        "a fool",
    ]


@pytest.fixture(scope="module")
def spans() -> SpanModel:
    model = load_spans(MODELS_DIR)
    assert model is not None
    return model


def test_the_shipped_model_marks_the_insult_not_the_civil_part(spans: SpanModel) -> None:
    text = "Thanks for the article. You are a pathetic idiot and a liar."
    marked = [text[a:b] for a, b in spans.spans(text, flagged=True)]
    assert marked and all(a >= text.index("You") for a, _ in spans.spans(text, flagged=True))
    assert any("idiot" in phrase for phrase in marked)
    assert not spans.spans("Thanks for the update on the council budget, very clear.")


def test_offsets_are_into_the_text_as_given(spans: SpanModel) -> None:
    text = "  Ça va? TOTAL IDIOTS, all of them!!!\n\nstupid   morons"
    for start, end in spans.spans(text, flagged=True):
        assert 0 <= start < end <= len(text)
        assert text[start].isalnum() and text[end - 1].isalnum()
    assert spans.spans("", flagged=True) == []
    assert spans.spans("!!! ...", flagged=True) == []


def test_the_model_explains_with_its_spans_and_the_cli_reports_them() -> None:
    model = load_model(mode="fast")
    text = "What a stupid idea, you clown."
    flags = model.flags(model.scores(text))
    assert flags
    marked = model.highlight(text, flags)
    assert marked
    phrases = model.explain_many(text, flags)
    shown = {text[a:b] for a, b in marked}
    for category in set(flags) - {"profanity"}:
        assert set(phrases[category]) <= shown


def test_neutral_sentences_about_groups_are_not_highlighted(spans: SpanModel) -> None:
    for text in ("I am a gay Muslim woman.", "Japanese people live here.", "Jews pray here."):
        assert spans.spans(text) == []


def test_score_command_adds_spans_into_the_text_as_given() -> None:
    import json

    from click.testing import CliRunner

    from rejoinder.cli.moderation import moderation

    texts = ["Thanks, good article.", "Honestly?  You are a STUPID, ignorant clown."]
    data = "".join(json.dumps({"text": t}) + "\n" for t in texts)
    result = CliRunner().invoke(moderation, ["score", "--mode", "fast"], input=data)
    assert result.exit_code == 0, result.output
    civil, rude = (json.loads(line) for line in result.stdout.splitlines())
    assert civil["spans"] == []
    assert rude["flags"] and rude["spans"]
    marked = [texts[1][a:b] for a, b in rude["spans"]]
    assert any("STUPID" in m or "clown" in m for m in marked)
    assert set(rude) == {"scores", "flags", "explanation", "spans"}
