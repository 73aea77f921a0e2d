"""The four category scores: three from the linear model, profanity from the word list."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rejoinder.moderation.linear import LinearModel
from rejoinder.moderation.wordlist import WordList

CATEGORIES = ("toxicity", "insult", "identity_attack", "profanity")
MODELS_DIR = Path(__file__).parent / "models"
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
class ModerationModel:
    linear: LinearModel
    profanity: ProfanityLexicon

    @property
    def thresholds(self) -> dict[str, float]:
        return {**self.linear.thresholds, "profanity": PROFANITY_THRESHOLD}

    def scores(self, text: str) -> dict[str, float]:
        return {**self.linear.probabilities(text), "profanity": self.profanity.score(text)[0]}

    def explain(self, text: str, category: str, limit: int = 5) -> list[str]:
        if category == "profanity":
            return self.profanity.score(text)[1][:limit]
        return self.linear.explain(text, category, limit)

    def flags(self, scores: dict[str, float]) -> list[str]:
        thresholds = self.thresholds
        return [c for c in CATEGORIES if scores[c] >= thresholds[c]]


def load_model(directory: Path = MODELS_DIR) -> ModerationModel:
    return ModerationModel(
        linear=LinearModel.load(directory / "linear.npz", directory / "linear.json"),
        profanity=ProfanityLexicon.load(directory / "profanity.json"),
    )


@cache
def load_default_model() -> ModerationModel:
    """Loaded once per process; the pipeline and the CLI share it."""
    return load_model()
