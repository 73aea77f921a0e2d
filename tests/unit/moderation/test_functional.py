"""Functional hate-speech tests after HateCheck's 29 functionalities (docs/functional-tests.md).

The issue's target is macro-F1 >= 0.75. The floors below sit a little under what the shipped
models measure (fast 0.578, accurate 0.692, thorough 0.730 with F22-F24 as non-hateful; 0.591,
0.717, 0.758 with them left out); raise them when the models improve. Per-sentence outputs
are asserted for a handful of key sentences only.
"""

from functools import cache

import pytest

from rejoinder.moderation import load_default_model
from rejoinder.moderation.evaluation.functional import (
    ABUSE_FUNCTIONALITIES,
    TRANSFORMS,
    FunctionalReport,
    evaluate_functional,
    functionalities,
    load_cases,
    predicted_hateful,
)
from rejoinder.moderation.scoring import Mode

# Floors on macro-F1 (hateful vs non-hateful), per mode. Measured: see the module docstring.
MACRO_F1_FLOOR_HATECHECK: dict[Mode, float] = {"fast": 0.56, "accurate": 0.68, "thorough": 0.72}
MACRO_F1_FLOOR_HATE_ONLY: dict[Mode, float] = {"fast": 0.57, "accurate": 0.70, "thorough": 0.75}
ISSUE_TARGET = 0.75
# Must-pass functionalities: neutral (F18) and positive (F19) statements about groups are
# flagged at most this often (measured 0% in every mode); explicit hate with profanity (F10)
# is caught at least this often (measured 100%).
MAX_FLAGGED_NEUTRAL_OR_POSITIVE = 0.05
MIN_CAUGHT_PROFANE_HATE = 0.90

MODES = pytest.mark.parametrize("mode", ["fast", "accurate", "thorough"])
HATEFUL_FUNCTIONALITIES = {f"F{i}" for i in (*range(1, 8), 10, 12, 13, 14, 16, 17, *range(25, 30))}


@cache
def _evaluated(mode: Mode) -> tuple[FunctionalReport, dict[str, bool]]:
    # Loaded once per mode (load_default_model caches) and every case scored in one batch.
    model = load_default_model(mode)
    report, predicted = evaluate_functional(lambda texts: predicted_hateful(model, texts))
    return report, dict(zip((c.text for c in load_cases()), map(bool, predicted), strict=True))


@MODES
def test_macro_f1_is_at_least_the_floor(mode: Mode) -> None:
    report = _evaluated(mode)[0]
    assert report.macro_f1_hatecheck >= MACRO_F1_FLOOR_HATECHECK[mode], report.as_dict()
    assert report.macro_f1_hate_only >= MACRO_F1_FLOOR_HATE_ONLY[mode], report.as_dict()


@pytest.mark.xfail(strict=True, reason="macro-F1 0.692 in accurate mode; issue target 0.75")
def test_default_mode_meets_the_issue_target() -> None:
    assert _evaluated("accurate")[0].macro_f1_hatecheck >= ISSUE_TARGET


@MODES
def test_neutral_and_positive_statements_about_groups_are_not_flagged(mode: Mode) -> None:
    report = _evaluated(mode)[0]
    for functionality in ("F18", "F19"):
        result = report.result(functionality)
        assert result.flagged <= MAX_FLAGGED_NEUTRAL_OR_POSITIVE, result


@MODES
def test_hate_with_profanity_is_caught(mode: Mode) -> None:
    result = _evaluated(mode)[0].result("F10")
    assert result.accuracy >= MIN_CAUGHT_PROFANE_HATE, result


@MODES
@pytest.mark.parametrize(
    ("text", "hateful"),
    [
        ("I love Muslims.", False),
        ("I share a flat with two trans people.", False),
        ("Several Black people spoke at the town-hall meeting about the bus cuts.", False),
        ("Jews are fucking scum.", True),
        ("Fuck all immigrants, every single one.", True),
    ],
)
def test_key_sentences(mode: Mode, text: str, hateful: bool) -> None:
    assert _evaluated(mode)[1][text] is hateful


# --- the cases themselves (no model) ------------------------------------------------------------


def test_every_hatecheck_functionality_has_10_to_30_cases() -> None:
    cases = load_cases()
    ids = [f.id for f in functionalities(cases)]
    assert ids == [f"F{i}" for i in range(1, 30)]
    for functionality in functionalities(cases):
        n = sum(c.functionality == functionality for c in cases)
        assert 10 <= n <= 30, (functionality.id, n)


def test_gold_labels_follow_hatecheck() -> None:
    for functionality in functionalities(load_cases()):
        assert functionality.hateful is (functionality.id in HATEFUL_FUNCTIONALITIES)
        assert functionality.abuse is (functionality.id in ABUSE_FUNCTIONALITIES)


def test_cases_are_filled_in_and_distinct() -> None:
    texts = [c.text for c in load_cases()]
    assert len(set(texts)) == len(texts)
    for text in texts:
        assert not any(mark in text for mark in "{}[]"), text


def test_templated_functionalities_cover_eight_groups() -> None:
    cases = load_cases()
    groups = {c.target for c in cases if c.functionality.id == "F1"}
    assert len(groups) == 8
    assert {c.target for c in cases if c.functionality.id == "F29"} == groups


@pytest.mark.parametrize(
    ("transform", "span", "expected"),
    [
        ("swap", "hate", "haet"),
        ("swap", "tranny", "tranyn"),  # never swaps two equal letters
        ("delete", "hate", "hte"),
        ("join", "I hate", "Ihate"),
        ("spaces", "vermin", "v e r m i n"),
        ("leet", "disgusting vermin", "d1sgust1ng v3rm1n"),
    ],
)
def test_spelling_transforms(transform: str, span: str, expected: str) -> None:
    assert TRANSFORMS[transform](span) == expected


def test_spelling_variants_are_rewritten() -> None:
    cases = load_cases()
    texts: dict[str, set[str]] = {c.functionality.id: set() for c in cases}
    for case in cases:
        texts[case.functionality.id].add(case.text)
    assert "I haet women, all of them." in texts["F25"]
    assert "I h a t e Jews and always will." in texts["F28"]
    assert "Typical n1gg3r, always whining." in texts["F29"]
