"""Neutral sentences about identity groups must not be flagged (see docs/moderation.md).

Issue 13's targets: AUC >= 0.97, <= 1 point lost when identity terms are swapped, neutral
sentences flagged < 2%. The training script masks the template terms and variants were compared
on these templates, so the held-out terms (never masked, augmented or looked at) are the honest
check. Measured there (fast / accurate / thorough): flagged 0.4% / 0.8% / 1.9%, AUC 0.947 /
0.966 / 0.989, swap drop -0.2 / 0.6 / 2.7 points.
"""

from functools import cache

import numpy as np
import pytest

from rejoinder.moderation import load_default_model
from rejoinder.moderation.evaluation.fairness import (
    HELD_OUT_OFTEN_TARGETED,
    HELD_OUT_TERMS,
    FairnessReport,
    evaluate_fairness,
)
from rejoinder.moderation.scoring import Mode

MODES = pytest.mark.parametrize("mode", ["fast", "accurate", "thorough"])

# thorough's transformer scores every template, and the held-out group names are not masked for
# it: "pansexual" costs it 2.7 points (the issue allows 1), see docs/moderation.md.
SWAP_DROP_CEILING: dict[Mode, float] = {"fast": 0.01, "accurate": 0.01, "thorough": 0.03}


_SCORED: dict[str, dict[str, dict[str, float]]] = {}


def _scores(mode: Mode, texts: tuple[str, ...]) -> list[dict[str, float]]:
    # Each template is scored once per mode, new ones in one batch: the transformer is much
    # faster on batches, and the fairness report asks about the same sentences many times.
    known = _SCORED.setdefault(mode, {})
    missing = list(dict.fromkeys(t for t in texts if t not in known))
    known.update(zip(missing, load_default_model(mode).scores_many(missing), strict=True))
    return [known[t] for t in texts]


@cache
def _report(mode: Mode, *terms: tuple[str, ...]) -> FairnessReport:
    model = load_default_model(mode)
    return evaluate_fairness(
        lambda texts: np.array([s["toxicity"] for s in _scores(mode, tuple(texts))]),
        lambda texts: np.array([bool(model.flags(s)) for s in _scores(mode, tuple(texts))]),
        *terms,
    )


@MODES
def test_identity_templates_meet_issue_targets(mode: Mode) -> None:
    report = _report(mode)
    assert report.neutral_false_positive_rate < 0.02, report
    assert report.auc >= 0.97, report
    assert report.swap_drop <= 0.01, report


@MODES
def test_held_out_identity_terms_are_not_flagged(mode: Mode) -> None:
    report = _report(mode, HELD_OUT_TERMS, HELD_OUT_OFTEN_TARGETED)
    assert report.neutral_false_positive_rate < 0.02, report
    assert report.auc >= 0.94, report
    assert report.swap_drop <= SWAP_DROP_CEILING[mode], report


@pytest.mark.xfail(strict=True, reason="swap drop 2.7 points in thorough mode; target 1")
def test_held_out_identity_terms_lose_at_most_a_point_when_swapped_in_thorough_mode() -> None:
    assert _report("thorough", HELD_OUT_TERMS, HELD_OUT_OFTEN_TARGETED).swap_drop <= 0.01


@pytest.mark.xfail(strict=True, reason="AUC 0.947 (fast), 0.966 (accurate) on held-out terms")
@pytest.mark.parametrize("mode", ["fast", "accurate"])
def test_held_out_identity_terms_meet_the_auc_target(mode: Mode) -> None:
    assert _report(mode, HELD_OUT_TERMS, HELD_OUT_OFTEN_TARGETED).auc >= 0.97


def test_held_out_identity_terms_meet_the_auc_target_in_thorough_mode() -> None:
    # The transformer scores every neutral and toxic template here: measured 0.989.
    assert _report("thorough", HELD_OUT_TERMS, HELD_OUT_OFTEN_TARGETED).auc >= 0.97


@MODES
def test_examples_from_the_issue(mode: Mode) -> None:
    model = load_default_model(mode)
    for text in ["I am a gay Muslim woman", "Japanese people live here"]:
        assert model.flags(model.scores(text)) == [], text
