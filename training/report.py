"""Held-out figures for docs/moderation.md: per-source test, cross-source, identity templates.

Scores come from the exported model files through the runtime code, so they describe exactly
what ships. Thresholds are the shipped ones (tuned on dev) or re-tuned on each source's dev.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol, TypeVar

import numpy as np
from sources import CATEGORIES, Source

from rejoinder.moderation.evaluation.fairness import (
    HELD_OUT_OFTEN_TARGETED,
    HELD_OUT_TERMS,
    evaluate_fairness,
)
from rejoinder.moderation.evaluation.metrics import best_threshold, macro_f1, roc_auc
from rejoinder.moderation.scoring import ModerationModel, load_model

Report = dict[str, object]
Matrix = TypeVar("Matrix")
Matrix_contra = TypeVar("Matrix_contra", contravariant=True)


class Classifier(Protocol[Matrix_contra]):
    """What the cross-source figures need of a fitted model (train.py's LogisticRegression)."""

    def decision_function(self, x: Matrix_contra, /) -> np.ndarray: ...


# matrix(texts, category) builds the features; fit_single(x, labels, weights, C) fits one model.
MatrixOf = Callable[[list[str], str], Matrix]
Fit = Callable[[Matrix, np.ndarray, np.ndarray, float], Classifier[Matrix]]


def evaluate_model(
    sources: list[Source], matrix: MatrixOf[Matrix], fit_single: Fit[Matrix]
) -> Report:
    model = load_model(mode="fast")  # training/cascade.py reports the cascaded modes
    held_out: dict[str, object] = {}
    for source in sources:
        held_out[source.name] = source_figures(model, source)
    return {
        "test": held_out,
        "news_comments": news_figures(model, sources),
        "cross_source_toxicity_auc": _cross_source(sources, matrix, fit_single),
        **fairness_figures(model),
    }


def news_sets(sources: list[Source], split: str) -> dict[str, tuple[list[str], np.ndarray]]:
    """Our own news-comment sets: clearly toxic vs civil, and subtle (implicit) attacks.

    clear: Civil Comments posts raters found toxic (Toxic Spans, held-out trial half) against the
    civil sentences of those posts and the Fox News comments not labelled hateful.
    subtle: Fox News comments, hateful (often implicit, without slurs) vs not, held-out articles.
    """
    named = {s.name: s for s in sources}
    news_texts, news_labels = named["news"].subset(split)
    fox_texts, fox_labels = named["fox"].subset(split)
    fox_y = np.asarray(fox_labels["toxicity"])
    civil_fox = [t for t, y in zip(fox_texts, fox_y, strict=True) if not y]
    clear_y = np.concatenate([np.asarray(news_labels["toxicity"]), np.zeros(len(civil_fox))])
    return {"clear": (news_texts + civil_fox, clear_y), "subtle": (fox_texts, fox_y)}


def news_figures(model: ModerationModel, sources: list[Source]) -> dict[str, dict[str, float]]:
    figures = {}
    for split in ("dev", "test"):
        for name, (texts, y) in news_sets(sources, split).items():
            scores = np.array([s["toxicity"] for s in model.scores_many(texts)])
            figures[f"{name}_{split}"] = {
                "auc": round(roc_auc(y, scores), 4),
                "n": len(y),
                "positives": int(y.sum()),
            }
    return figures


def fairness_figures(model: ModerationModel) -> Report:
    def score(texts: Sequence[str]) -> np.ndarray:
        return np.array([model.scores(t)["toxicity"] for t in texts])

    def flagged(texts: Sequence[str]) -> np.ndarray:
        return np.array([bool(model.flags(model.scores(t))) for t in texts])

    held_out = evaluate_fairness(score, flagged, HELD_OUT_TERMS, HELD_OUT_OFTEN_TARGETED)
    return {
        "identity_templates": evaluate_fairness(score, flagged).as_dict(),
        "identity_templates_held_out_terms": held_out.as_dict(),
    }


def source_figures(model: ModerationModel, source: Source) -> dict[str, dict[str, float]]:
    dev_texts, dev_labels = source.subset("dev")
    test_texts, test_labels = source.subset("test")
    dev_scores = [model.scores(t) for t in dev_texts]
    test_scores = [model.scores(t) for t in test_texts]
    figures = {}
    for category in CATEGORIES:
        y_dev, y_test = dev_labels[category], test_labels[category]
        if y_dev is None or y_test is None:  # the source has no such label (in any split)
            continue
        p_dev = np.array([s[category] for s in dev_scores])
        p_test = np.array([s[category] for s in test_scores])
        tuned = best_threshold(y_dev, p_dev)
        figures[category] = {
            "auc": round(roc_auc(y_test, p_test), 4),
            "macro_f1_shipped_threshold": round(
                macro_f1(y_test, p_test >= model.thresholds[category]), 4
            ),
            "macro_f1_source_dev_threshold": round(macro_f1(y_test, p_test >= tuned), 4),
            "source_dev_threshold": round(tuned, 4),
            "positives": int(np.sum(y_test)),
            "n": len(y_test),
        }
    return figures


def _cross_source(
    sources: list[Source], matrix: MatrixOf[Matrix], fit_single: Fit[Matrix]
) -> dict[str, dict[str, float]]:
    tests = {s.name: s.subset("test") for s in sources}
    test_x = {name: matrix(texts, "toxicity") for name, (texts, _) in tests.items()}
    table: dict[str, dict[str, float]] = {}
    for source in sources:
        texts, labels = source.subset("train")
        y = np.asarray(labels["toxicity"])
        clf = fit_single(matrix(texts, "toxicity"), y, np.ones(len(y)), 1.0)
        table[f"train_{source.name}"] = {
            f"test_{name}": round(
                roc_auc(np.asarray(tests[name][1]["toxicity"]), clf.decision_function(x)), 4
            )
            for name, x in test_x.items()
        }
    return table


def write_report(report: Report, path: Path) -> None:
    path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))
