"""Neutral sentences about identity groups must not be flagged (see docs/moderation.md)."""

import numpy as np

from rejoinder.moderation import load_default_model
from rejoinder.moderation.evaluation.fairness import evaluate_fairness


def test_identity_templates():
    model = load_default_model()
    report = evaluate_fairness(
        lambda texts: np.array([model.scores(t)["toxicity"] for t in texts]),
        lambda texts: np.array([bool(model.flags(model.scores(t))) for t in texts]),
    )
    assert report.neutral_false_positive_rate < 0.05, report
    assert report.auc >= 0.95, report
    assert report.swap_drop <= 0.02, report


def test_examples_from_the_issue():
    model = load_default_model()
    for text in ["I am a gay Muslim woman", "Japanese people live here"]:
        assert model.flags(model.scores(text)) == [], text
