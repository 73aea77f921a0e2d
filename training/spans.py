"""Train the toxic-span model and write src/rejoinder/moderation/models/spans.{npz,json}.

Run from the repository root:  .venv/bin/python training/spans.py
Data: training/data/toxic_spans_civil_comments (SemEval-2021 Task 5, CC0). Tuning (C, threshold)
uses a dev split carved out of tsd_train only; tsd_trial is held out and reported once, at the
end. Needs scikit-learn and scipy (training only). Every random choice is seeded.
"""

from __future__ import annotations

import ast
import csv
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from scipy import sparse
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "training")]

from augment import MASKED_TERMS  # noqa: E402
from sources import civil_sentences  # noqa: E402

from rejoinder.moderation.evaluation.spans import char_f1, offsets  # noqa: E402
from rejoinder.moderation.spans import (  # noqa: E402
    Span,
    SpanConfig,
    SpanModel,
    token_features,
)

DATA = ROOT / "training" / "data" / "toxic_spans_civil_comments"
MODELS = ROOT / "src" / "rejoinder" / "moderation" / "models"
CONFIG = SpanConfig(masked_terms=frozenset(MASKED_TERMS))
SEED = 13
DEV_SHARE = 0.15
C_GRID = (0.05, 0.1, 0.2)
RELATIVE = (0.4, 0.5, 0.6)
FLAGGED_GATES = (0.0, 0.05, 0.1, 0.15, 0.2)
# Civil sentences of the training posts (no character marked) as stand-alone negatives: they
# teach the model what an untroubled sentence looks like on its own (weight chosen on dev:
# 0.3 kept dev F1 and cut the highlights on civil comments; 1.0 cost 1-2 points of F1).
CIVIL_WEIGHT = 0.3
# Without a flag, a comment is highlighted only when its strongest word reaches the gate; the
# gate is the lowest that highlights at most this share of the dev posts' civil sentences.
CIVIL_BUDGET = 0.10


@dataclass
class Post:
    text: str
    gold: set[int]


def read_posts(name: str) -> list[Post]:
    with (DATA / name).open(encoding="utf-8") as handle:
        return [
            Post(row["text"], set(ast.literal_eval(row["spans"]))) for row in csv.DictReader(handle)
        ]


def civil(posts: list[Post]) -> list[Post]:
    return [Post(s, set()) for p in posts for s in civil_sentences(p.text, p.gold)]


def word_labels(found: list[Span], gold: set[int]) -> npt.NDArray[np.bool_]:
    """A word is toxic when raters marked most of its characters."""
    return np.array([2 * sum(i in gold for i in range(a, b)) > b - a for a, b in found], dtype=bool)


def matrix(posts: list[Post]) -> tuple[sparse.csr_matrix, npt.NDArray[np.bool_]]:
    rows: list[npt.NDArray[np.int64]] = []
    cols: list[npt.NDArray[np.int64]] = []
    labels: list[npt.NDArray[np.bool_]] = []
    n = 0
    for post in posts:
        found, r, c = token_features(post.text, CONFIG)
        rows.append(r + n)
        cols.append(c)
        labels.append(word_labels(found, post.gold))
        n += len(found)
    row, col = np.concatenate(rows), np.concatenate(cols)
    x = sparse.csr_matrix(
        (np.ones(len(row), dtype=np.float32), (row, col)), shape=(n, 1 << CONFIG.dimension_bits)
    )
    x.sum_duplicates()
    x.data[:] = 1.0  # binary: a character n-gram seen twice in a word counts once
    return x, np.concatenate(labels)


def fit(posts: list[Post], c: float) -> SpanModel:
    x, y = matrix(posts)
    xc, yc = matrix(civil(posts))
    weight = np.concatenate([np.ones(len(y)), np.full(len(yc), CIVIL_WEIGHT)])
    classifier = LogisticRegression(C=c, solver="liblinear", max_iter=300)
    classifier.fit(sparse.vstack([x, xc]).tocsr(), np.concatenate([y, yc]), sample_weight=weight)
    weights = classifier.coef_[0].astype(np.float16).astype(np.float32)  # as shipped
    return SpanModel(weights, float(classifier.intercept_[0]), 0.5, 0.0, 0.0, CONFIG, {})


def with_rule(model: SpanModel, relative: float, gate: float, flagged_gate: float) -> SpanModel:
    return SpanModel(
        model.weights, model.bias, relative, gate, flagged_gate, model.config, model.metadata
    )


def score(model: SpanModel, posts: list[Post], flagged: bool) -> float:
    predicted = [offsets(model.spans(p.text, flagged)) for p in posts]
    return char_f1(predicted, [p.gold for p in posts])


def tune(model: SpanModel, dev: list[Post]) -> tuple[float, float, float]:
    """(dev F1 when flagged, relative, flagged gate): every dev post is toxic, i.e. flagged."""
    results = [
        (score(with_rule(model, r, 1.0, g), dev, flagged=True), r, g)
        for r in RELATIVE
        for g in FLAGGED_GATES
    ]
    return max(results)


def civil_gate(model: SpanModel, sentences: list[Post]) -> float:
    peaks = [model.word_probabilities(s.text)[1] for s in sentences]
    top = np.array([float(p.max()) if len(p) else 0.0 for p in peaks])
    return round(float(np.quantile(top, 1.0 - CIVIL_BUDGET)) + 0.005, 3)


def main() -> None:
    started = time.perf_counter()
    train, trial = read_posts("tsd_train.csv"), read_posts("tsd_trial.csv")
    order = np.random.default_rng(SEED).permutation(len(train))
    n_dev = int(len(train) * DEV_SHARE)
    dev = [train[i] for i in order[:n_dev]]
    fitting = [train[i] for i in order[n_dev:]]
    print(f"posts: fit {len(fitting)}, dev {len(dev)} (from tsd_train), trial {len(trial)}")
    tuned = []
    for c in C_GRID:
        candidate = fit(fitting, c)
        f1, relative, flagged_gate = tune(candidate, dev)
        print(f"  C={c:<5} relative {relative}, flagged gate {flagged_gate}: dev char F1 {f1:.4f}")
        tuned.append((f1, c, relative, flagged_gate, candidate))
    dev_f1, c, relative, flagged_gate, chosen = max(tuned, key=lambda row: row[:4])
    gate = civil_gate(chosen, civil(dev))
    dev_unflagged = score(with_rule(chosen, relative, gate, flagged_gate), dev, False)
    print(f"gate without a flag {gate} (<= {CIVIL_BUDGET:.0%} of dev civil sentences highlighted)")
    model = with_rule(fit(train, c), relative, gate, flagged_gate)  # refit on all of tsd_train
    figures = {
        "C": c,
        "dev_char_f1_flagged": round(dev_f1, 4),
        "dev_char_f1_unflagged": round(dev_unflagged, 4),
        "trial_char_f1_flagged": round(score(model, trial, True), 4),
        "trial_char_f1_unflagged": round(score(model, trial, False), 4),
    }
    print(
        f"chosen C={c}, relative {relative}, gates {gate} / {flagged_gate} (flagged):\n"
        f"  char F1 with a flag: dev {figures['dev_char_f1_flagged']:.4f}, "
        f"trial {figures['trial_char_f1_flagged']:.4f}\n"
        f"  char F1 without:     dev {figures['dev_char_f1_unflagged']:.4f}, "
        f"trial {figures['trial_char_f1_unflagged']:.4f}"
    )
    export(model, figures)
    print(f"wrote {MODELS / 'spans.npz'} and spans.json in {time.perf_counter() - started:.0f} s")


def export(model: SpanModel, figures: dict[str, float]) -> None:
    np.savez_compressed(
        MODELS / "spans.npz",
        weights=model.weights.astype(np.float16),
        bias=np.float32(model.bias),
    )
    metadata = {
        "what": "per-word logistic model of toxic spans (training/spans.py)",
        "features": {
            "dimension_bits": CONFIG.dimension_bits,
            "char_sizes": list(CONFIG.char_sizes),
            "window": CONFIG.window,
            "masked_terms": sorted(CONFIG.masked_terms),
            "mask_token": CONFIG.mask_token,
        },
        "rule": {
            "relative": model.relative,
            "gate": model.gate,
            "flagged_gate": model.flagged_gate,
        },
        "training": {
            "data": "toxic_spans_civil_comments/tsd_train.csv (+ its civil sentences)",
            "dev_share": DEV_SHARE,
            "seed": SEED,
            "civil_weight": CIVIL_WEIGHT,
            "civil_budget": CIVIL_BUDGET,
            **figures,
        },
    }
    (MODELS / "spans.json").write_text(json.dumps(metadata, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
