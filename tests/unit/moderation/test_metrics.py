import math

from rejoinder.moderation.evaluation.labelled import parse_label
from rejoinder.moderation.evaluation.metrics import macro_f1, roc_auc


def test_auc_counts_pairs_and_ties() -> None:
    assert roc_auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.75
    assert roc_auc([0, 1], [0.5, 0.5]) == 0.5
    assert math.isnan(roc_auc([1, 1], [0.2, 0.3]))


def test_macro_f1_averages_both_classes() -> None:
    # positive class: tp=1 fp=1 fn=0 -> 2/3; negative class: tp=1 fp=0 fn=1 -> 2/3
    assert abs(macro_f1([1, 0, 0], [1, 1, 0]) - 2 / 3) < 1e-9


def test_label_forms() -> None:
    assert [parse_label(v) for v in ["1", "OFF", "true", "0.7"]] == [True] * 4
    assert [parse_label(v) for v in ["0", "NOT", "False", "0.2"]] == [False] * 4
