"""The four category scores: three from the models, profanity from the word list.

The fast linear model scores every comment; where it is unsure (its toxicity score inside the
cascade's band) the accurate transformer scores the comment too and the two are combined. Last,
the identity-attack guard (targets.py): a comment whose only targets are states or governments
has its `identity_attack` capped below the threshold, and the cap is recorded as a `Discount`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from rejoinder.moderation.accurate import AccurateModel, load_accurate, nested
from rejoinder.moderation.linear import LinearModel
from rejoinder.moderation.spans import Span, SpanModel, load_spans
from rejoinder.moderation.targets import Discount, state_only_discount
from rejoinder.moderation.wordlist import WordList

CATEGORIES = ("toxicity", "insult", "identity_attack", "profanity")
MODELS_DIR = Path(__file__).parent / "models"
# fast: the linear model alone; accurate: the transformer on the uncertain band too;
# thorough: the transformer on every comment (its band in cascade.json is 0.00-1.01).
Mode = Literal["fast", "accurate", "thorough"]
PROFANITY_THRESHOLD = 0.5


@dataclass(frozen=True)
class ProfanityLexicon:
    words: WordList

    @classmethod
    def load(cls, path: Path) -> ProfanityLexicon:
        body = json.loads(path.read_text(encoding="utf-8"))
        return cls(WordList({str(k): float(v) for k, v in body["entries"].items()}))

    def score(self, text: str) -> tuple[float, list[str]]:
        """1 - prod(1 - severity): one strong word is enough, mild words add up."""
        matches = self.words.find(text)
        clean = 1.0
        for match in matches:
            clean *= 1.0 - match.weight
        return 1.0 - clean, [m.found for m in sorted(matches, key=lambda m: -m.weight)]


@dataclass(frozen=True)
class Scored:
    """A comment's final scores and the guards that lowered any of them (shown with reasons)."""

    scores: dict[str, float]
    discounts: tuple[Discount, ...] = ()


@dataclass(frozen=True)
class ModerationModel:
    linear: LinearModel
    profanity: ProfanityLexicon
    accurate: AccurateModel | None = None
    spans: SpanModel | None = None  # the toxic-span model: what a moderator sees highlighted

    @property
    def thresholds(self) -> dict[str, float]:
        model = self.accurate.thresholds if self.accurate else self.linear.thresholds
        return {**model, "profanity": PROFANITY_THRESHOLD}

    def scores(self, text: str) -> dict[str, float]:
        return self.scores_many([text])[0]

    def scores_many(self, texts: Sequence[str]) -> list[dict[str, float]]:
        """Scores for a batch: the accurate model runs once, on the uncertain ones only."""
        return [scored.scores for scored in self.scored_many(texts)]

    def scored(self, text: str) -> Scored:
        return self.scored_many([text])[0]

    def scored_many(self, texts: Sequence[str]) -> list[Scored]:
        """scores_many with the discounts the guards applied (the CLI shows them)."""
        return [
            self.guarded(text, scores)
            for text, scores in zip(texts, self._blended_many(texts), strict=True)
        ]

    def _blended_many(self, texts: Sequence[str]) -> list[dict[str, float]]:
        fast = [self.fast_scores(text) for text in texts]
        unsure = [i for i, scores in enumerate(fast) if self.wants_accurate(scores)]
        second = self.accurate.probabilities([texts[i] for i in unsure]) if self.accurate else []
        accurate: dict[int, dict[str, float]] = dict(zip(unsure, second, strict=True))
        return [
            self._blended(text, scores, accurate.get(i))
            for i, (text, scores) in enumerate(zip(texts, fast, strict=True))
        ]

    def fast_scores(self, text: str) -> dict[str, float]:
        """The linear model's three scores: the first pass for every comment."""
        return self.linear.probabilities(text)

    def wants_accurate(self, fast: Mapping[str, float]) -> bool:
        return self.accurate is not None and self.accurate.band.contains(fast["toxicity"])

    def final_scores(
        self, text: str, fast: Mapping[str, float], accurate: Mapping[str, float] | None = None
    ) -> dict[str, float]:
        """Blend in the transformer's scores (if it ran), add profanity, apply the guard."""
        return self.final_scored(text, fast, accurate).scores

    def final_scored(
        self, text: str, fast: Mapping[str, float], accurate: Mapping[str, float] | None = None
    ) -> Scored:
        return self.guarded(text, self._blended(text, fast, accurate))

    def _blended(
        self, text: str, fast: Mapping[str, float], accurate: Mapping[str, float] | None = None
    ) -> dict[str, float]:
        scores = dict(fast)
        if self.accurate is not None:
            scores = nested(self.accurate.band.combine(fast, accurate) if accurate else fast)
        return {**scores, "profanity": self.profanity.score(text)[0]}

    def guarded(self, text: str, scores: dict[str, float]) -> Scored:
        """An identity attack needs a people target: criticism of states alone is capped.

        The comment's sentences that may be about people are scored on their own, by this
        model, only when it names a state and its identity_attack is over the cap (targets.py).
        """
        discount = state_only_discount(
            text,
            scores["identity_attack"],
            self.thresholds["identity_attack"],
            lambda parts: [s["identity_attack"] for s in self._blended_many(parts)],
        )
        if discount is None:
            return Scored(scores)
        return Scored({**scores, discount.category: discount.capped}, (discount,))

    def second_pass(self, text: str, fast: Mapping[str, float]) -> dict[str, float]:
        """Final scores of one comment whose fast scores are known (the posting path)."""
        return self.second_scored(text, fast).scores

    def second_scored(self, text: str, fast: Mapping[str, float]) -> Scored:
        accurate = None
        if self.accurate is not None and self.wants_accurate(fast):
            accurate = self.accurate.probabilities([text])[0]
        return self.final_scored(text, fast, accurate)

    def reaches_accurate(self, text: str) -> bool:
        """Whether this comment is scored by the accurate model as well (for the share figure)."""
        return self.wants_accurate(self.fast_scores(text))

    def explain(self, text: str, category: str, limit: int = 5) -> list[str]:
        return self.explain_many(text, [category], limit)[category]

    def explain_many(
        self, text: str, categories: Sequence[str], limit: int = 5
    ) -> dict[str, list[str]]:
        """The words behind each category's score (asked for flagged categories).

        The toxic-span model's highlights explain the three model categories: trained on what
        raters marked in news comments, they match the raters better than the fast model's
        word weights or transformer occlusion, at a fraction of occlusion's cost (docs/spans.md).
        Without a span model, or when it marks nothing, the fast model's word weights explain
        its own verdicts, and where the transformer alone put a category over the line the
        transformer is asked by occlusion (one transformer pass per candidate word).
        """
        explained = {"profanity": self.profanity.score(text)[1][:limit]}
        model_categories = [c for c in categories if c != "profanity"]
        highlighted = self.spans.phrases(text, flagged=True)[:limit] if self.spans else []
        if highlighted:
            explained |= dict.fromkeys(model_categories, highlighted)
            return {c: list(explained[c]) for c in categories}
        fast = self.fast_scores(text)
        raised = [c for c in model_categories if fast[c] < self.linear.thresholds[c]]
        if raised and self.accurate is not None and self.wants_accurate(fast):
            explained |= self.accurate.explain(text, raised, limit)
        for category in model_categories:
            if not explained.get(category):
                explained[category] = self.linear.explain(text, category, limit)
        return {c: explained[c] for c in categories}

    def highlight(self, text: str, flags: Sequence[str] = ()) -> list[Span]:
        """Character spans [start, end) of the text as given that a moderator sees marked.

        A flagged comment has its most toxic words marked; an unflagged one only words the
        span model is sure of on its own (its gate). Empty without a span model.
        """
        return self.spans.spans(text, flagged=bool(flags)) if self.spans else []

    def flags(self, scores: dict[str, float]) -> list[str]:
        thresholds = self.thresholds
        return [c for c in CATEGORIES if scores[c] >= thresholds[c]]


def load_model(directory: Path = MODELS_DIR, mode: Mode = "accurate") -> ModerationModel:
    return ModerationModel(
        linear=LinearModel.load(directory / "linear.npz", directory / "linear.json"),
        profanity=ProfanityLexicon.load(directory / "profanity.json"),
        accurate=None if mode == "fast" else load_accurate(directory / "accurate", mode),
        spans=load_spans(directory),
    )


def load_default_model(mode: Mode = "accurate") -> ModerationModel:
    """Loaded once per process and mode; the pipeline and the CLI share it.

    Installs choose the mode with REJOINDER_MODERATION_MODE; the callers that read settings
    (services/moderation, app startup, the CLI) pass it in.
    """
    return _shipped_model(mode)


@cache  # keyed by the mode alone: load_default_model() and ("accurate") share one load
def _shipped_model(mode: Mode) -> ModerationModel:
    return load_model(mode=mode)
