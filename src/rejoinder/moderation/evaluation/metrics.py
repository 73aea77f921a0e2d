"""ROC-AUC and macro-F1 in numpy, so evaluation needs no scikit-learn at run time."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.float64]


def roc_auc(labels: npt.ArrayLike, scores: npt.ArrayLike) -> float:
    """Area under the ROC curve via the rank-sum statistic; tied scores get their mean rank."""
    y = np.asarray(labels, dtype=bool)
    s = np.asarray(scores, dtype=np.float64)
    positives, negatives = int(y.sum()), int((~y).sum())
    if positives == 0 or negatives == 0:
        return float("nan")
    ranks = _average_ranks(s)
    rank_sum = float(ranks[y].sum())
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def _average_ranks(values: Array) -> Array:
    order = np.argsort(values, kind="mergesort")
    sorted_values = values[order]
    boundaries = np.flatnonzero(np.diff(sorted_values)) + 1
    starts = np.concatenate([[0], boundaries])
    ends = np.concatenate([boundaries, [len(values)]])
    mean_rank = (starts + ends + 1) / 2.0  # 1-based ranks averaged over each tie group
    ranks = np.empty(len(values), dtype=np.float64)
    ranks[order] = np.repeat(mean_rank, ends - starts)
    return ranks


def f1(labels: npt.ArrayLike, predicted: npt.ArrayLike) -> float:
    y = np.asarray(labels, dtype=bool)
    p = np.asarray(predicted, dtype=bool)
    true_positive = float((y & p).sum())
    denominator = float(y.sum() + p.sum())
    return 2 * true_positive / denominator if denominator else 0.0


def macro_f1(labels: npt.ArrayLike, predicted: npt.ArrayLike) -> float:
    """Mean of the F1 of the positive class and the F1 of the negative class."""
    y = np.asarray(labels, dtype=bool)
    p = np.asarray(predicted, dtype=bool)
    return (f1(y, p) + f1(~y, ~p)) / 2


def best_threshold(labels: npt.ArrayLike, scores: npt.ArrayLike) -> float:
    """Threshold maximising macro-F1; use it on a dev split only, never on the reported test."""
    s = np.asarray(scores, dtype=np.float64)
    candidates = np.unique(np.quantile(s, np.linspace(0.01, 0.99, 197)))
    results = [macro_f1(labels, s >= t) for t in candidates]
    return float(candidates[int(np.argmax(results))])
