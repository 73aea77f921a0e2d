"""Character-level F1 of toxic spans, exactly as SemEval-2021 Task 5 scores it.

Per post: F1 between the predicted and the gold sets of character offsets, 1 when both are empty
and 0 when only one is; the figure is the mean over posts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from rejoinder.moderation.spans import TOKEN, merge, word_key, word_offsets

Ranges = Sequence[tuple[int, int]] | Sequence[list[int]]


def post_f1(predicted: Iterable[int], gold: Iterable[int]) -> float:
    p, g = set(predicted), set(gold)
    if not p and not g:
        return 1.0
    if not p or not g:
        return 0.0
    common = len(p & g)
    if not common:
        return 0.0
    precision, recall = common / len(p), common / len(g)
    return 2 * precision * recall / (precision + recall)


def char_f1(predicted: Sequence[Iterable[int]], gold: Sequence[Iterable[int]]) -> float:
    """Mean per-post F1; both sequences hold one offset collection per post, in the same order."""
    if len(predicted) != len(gold):
        raise ValueError(f"{len(predicted)} predictions for {len(gold)} posts")
    if not gold:
        return float("nan")
    return sum(post_f1(p, g) for p, g in zip(predicted, gold, strict=True)) / len(gold)


def offsets(ranges: Ranges) -> set[int]:
    """[[start, end), ...] (end exclusive) as the set of offsets they cover."""
    return {i for start, end in ranges for i in range(start, end)}


def ranges(offsets_: Iterable[int]) -> list[tuple[int, int]]:
    """Sorted offsets as maximal [start, end) runs."""
    runs: list[tuple[int, int]] = []
    for i in sorted(set(offsets_)):
        if runs and runs[-1][1] == i:
            runs[-1] = (runs[-1][0], i + 1)
        else:
            runs.append((i, i + 1))
    return runs


def word_spans(text: str, words: Iterable[str]) -> list[tuple[int, int]]:
    """Where explanation words (or phrases) fall in the text, as merged character spans.

    Every occurrence of each of their words is marked, as the dashboard's highlighting marks
    them, and neighbouring marked words merge like the span model's (spans.merge).
    """
    wanted = {word_key(w) for phrase in words for w in TOKEN.findall(phrase)}
    found = word_offsets(text)
    chosen = np.array([word_key(text[a:b]) in wanted for a, b in found], dtype=bool)
    return merge(found, chosen)
