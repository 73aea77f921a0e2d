"""Threads recovered from flat pages: which earlier comment each comment answers, if any.

Every comment of a flat page (no comment has a parent) is compared with the WINDOW comments
before it. A candidate scores by evidence in the text (the comment quotes it, names its author,
shares its rarer words, answers its question with "yes"/"no"/"both") and by distance; the best
candidate is the parent when its score beats the "answers no one" score. Confidence is the
chosen option's share of the softmax over every candidate and "no one". Hand-tuned weights,
measured by `python -m rejoinder.insight.evaluate replies` (ADR 0025).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from sklearn.feature_extraction.text import TfidfVectorizer

from rejoinder.insight.model import InferredReply, InsightComment
from rejoinder.insight.text import STOP_WORDS, content_stems, words

WINDOW = 10
QUOTE_WORDS = 3  # a shared run of this many words, not all stop words, is a quote
QUOTED = re.compile(r"[\"“”«»]([^\"“”«»]{3,200})[\"“”«»]|^>\s*(.+)$", re.MULTILINE)
REPLY_OPENERS = (
    "yes", "no", "nope", "yep", "agreed", "agree", "exactly", "indeed", "true", "wrong",
    "we did", "you", "your", "both", "of course", "actually", "well", "so ", "but ",
    "that's", "thats", "sorry", "thanks", "really", "and yet", "not ", "nonsense", "rubbish",
)  # fmt: skip
ANSWER_OPENERS = ("yes", "no", "both", "neither", "nope", "yep", "of course", "we did")


@dataclass(frozen=True)
class Weights:
    bias: float = -2.5  # the "answers no one" option scores 0
    quote: float = 3.0
    explicit_quote: float = 4.0
    name: float = 3.5
    similarity: float = 18.0
    previous: float = 0.6
    closeness: float = 0.6  # times 1/distance
    opener: float = 1.0
    answer_to_question: float = 1.2
    same_author: float = -10.0  # following oneself up is no reply


WEIGHTS = Weights()


@dataclass(frozen=True)
class Features:
    quote: float
    explicit_quote: float
    name: float
    similarity: float
    previous: float
    closeness: float
    opener: float
    answer_to_question: float
    same_author: float

    def score(self, weights: Weights) -> float:
        total = weights.bias
        for name in self.__dataclass_fields__:
            total += float(getattr(weights, name)) * float(getattr(self, name))
        return total


def is_flat(comments: Sequence[InsightComment]) -> bool:
    return all(c.parent_id is None for c in comments)


def page_order(comments: Sequence[InsightComment]) -> list[InsightComment]:
    return sorted(comments, key=lambda c: (c.created_at, c.id))


@dataclass(frozen=True)
class Page:
    """A flat page in order, with what every comparison needs computed once per comment."""

    ordered: Sequence[InsightComment]
    joined: Sequence[str]  # lower-cased words, space-separated
    grams: Sequence[set[tuple[str, ...]]]
    similarity: NDArray[np.float64]

    @classmethod
    def of(cls, ordered: Sequence[InsightComment]) -> Page:
        tokens = [words(c.text) for c in ordered]
        return cls(
            ordered,
            [" ".join(t) for t in tokens],
            [_grams(t) for t in tokens],
            _similarities(ordered),
        )


def infer_replies(
    comments: Sequence[InsightComment], weights: Weights = WEIGHTS
) -> tuple[InferredReply, ...]:
    """One answer per comment of a flat page, in page order; nothing for a threaded page."""
    if not comments or not is_flat(comments):
        return ()
    page = Page.of(page_order(comments))
    return tuple(_choose(page, index, weights) for index in range(len(page.ordered)))


def candidate_features(page: Page, index: int) -> list[tuple[int, Features]]:
    """(position, features) of each candidate parent of the comment at `index`, nearest first."""
    comment = page.ordered[index]
    text = comment.text
    quoted = [" ".join(words(q)) for q in _quoted(text)]
    quoted = [q for q in quoted if q]
    opener = _opens_with(text, REPLY_OPENERS)
    answers = _opens_with(text, ANSWER_OPENERS)
    mentioned = _mentions(text)
    rows = []
    for position in range(index - 1, max(index - WINDOW, 0) - 1, -1):
        other = page.ordered[position]
        distance = index - position
        rows.append(
            (
                position,
                Features(
                    quote=1.0 if page.grams[index] & page.grams[position] else 0.0,
                    explicit_quote=1.0 if any(q in page.joined[position] for q in quoted) else 0.0,
                    name=_named(other.author, mentioned, text),
                    similarity=float(page.similarity[index, distance]),
                    previous=1.0 if distance == 1 else 0.0,
                    closeness=1.0 / distance,
                    opener=1.0 if opener else 0.0,
                    answer_to_question=1.0 if answers and "?" in other.text else 0.0,
                    same_author=1.0 if other.author == comment.author else 0.0,
                ),
            )
        )
    return rows


def _choose(page: Page, index: int, weights: Weights) -> InferredReply:
    comment = page.ordered[index]
    candidates = candidate_features(page, index)
    if not candidates:
        return InferredReply(comment.id, None, 1.0)
    scores = [features.score(weights) for _, features in candidates]
    best = max(range(len(scores)), key=lambda i: (scores[i], -i))  # ties: the nearest
    top = max(0.0, *scores)
    total = math.exp(-top) + sum(math.exp(s - top) for s in scores)
    if scores[best] <= 0:
        return InferredReply(comment.id, None, round(math.exp(-top) / total, 3))
    parent = page.ordered[candidates[best][0]]
    return InferredReply(comment.id, parent.id, round(math.exp(scores[best] - top) / total, 3))


def _similarities(ordered: Sequence[InsightComment]) -> NDArray[np.float64]:
    """TF-IDF cosine (on stems of content words) of each comment with the WINDOW before it:
    row i, column d is comment i against comment i - d (linear in the page's length)."""
    near = np.zeros((len(ordered), WINDOW + 1))
    texts = [" ".join(content_stems(c.text)) for c in ordered]
    vectorizer = TfidfVectorizer(sublinear_tf=True, token_pattern=r"\S+", dtype=np.float64)  # noqa: S106
    try:
        matrix = vectorizer.fit_transform(texts).tocsr()
    except ValueError:  # no content word anywhere
        return near
    for distance in range(1, min(WINDOW, len(ordered) - 1) + 1):
        products = matrix[distance:].multiply(matrix[:-distance]).sum(axis=1)
        near[distance:, distance] = np.asarray(products).ravel()
    return near


def _grams(tokens: Sequence[str]) -> set[tuple[str, ...]]:
    return {
        gram
        for gram in zip(*(tokens[i:] for i in range(QUOTE_WORDS)), strict=False)
        if sum(w not in STOP_WORDS for w in gram) >= 2
    }


def _quoted(text: str) -> list[str]:
    return [next(g for g in m.groups() if g) for m in QUOTED.finditer(text)]


def _opens_with(text: str, openers: Sequence[str]) -> bool:
    start = text.lstrip().lower().replace("\u2019", "'")
    return any(
        start.startswith(o) and (len(start) == len(o) or not start[len(o)].isalnum())
        for o in openers
    ) or start.startswith("@")


def _mentions(text: str) -> set[str]:
    """Names addressed: "@name" anywhere, "name:" or "name," opening the comment or a line."""
    found = {m.lower() for m in re.findall(r"@([\w.-]+)", text)}
    for line in text.splitlines():
        match = re.match(r"\s*([\w.!-]{2,40})\s*[:,]", line)
        if match:
            found.add(match.group(1).lower())
    return found


def _named(author: str, mentioned: set[str], text: str) -> float:
    """1 when the author is addressed, 0.6 when the name is only in the text, else 0."""
    name = author.lower().strip()
    bare = name.rstrip("!?.")
    if name in mentioned or bare in mentioned:
        return 1.0
    if (
        len(bare) >= 4
        and bare not in STOP_WORDS
        and re.search(rf"(?<!\w){re.escape(bare)}(?!\w)", text.lower())
    ):
        return 0.6
    return 0.0
