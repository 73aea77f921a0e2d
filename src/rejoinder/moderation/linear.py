"""The default model: logistic-regression weights over hashed n-grams, scored in numpy.

Weights ship as .npz (no pickles) next to a JSON file with the feature settings and thresholds.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rejoinder.moderation.features import (
    FeatureConfig,
    FloatArray,
    features,
    occurrences,
    vectorise,
)


@dataclass(frozen=True)
class LinearModel:
    categories: tuple[str, ...]
    weights: FloatArray  # shape (2**bits, len(categories))
    bias: FloatArray
    config: FeatureConfig
    thresholds: Mapping[str, float]
    metadata: Mapping[str, object]

    @classmethod
    def load(cls, weights_path: Path, metadata_path: Path) -> LinearModel:
        metadata = json.loads(metadata_path.read_text(encoding="utf-8"))
        with np.load(weights_path, allow_pickle=False) as arrays:
            weights = arrays["weights"].astype(np.float32)
            bias = arrays["bias"].astype(np.float32)
        feature_settings = metadata["features"]
        config = FeatureConfig(
            dimension_bits=int(feature_settings["dimension_bits"]),
            char_sizes=tuple(feature_settings["char_sizes"]),
            masked_terms=frozenset(feature_settings["masked_terms"]),
            mask_token=str(feature_settings["mask_token"]),
            norm_floor=float(feature_settings.get("norm_floor", 0.0)),
        )
        return cls(
            categories=tuple(metadata["categories"]),
            weights=weights,
            bias=bias,
            config=config,
            thresholds={k: float(v) for k, v in metadata["thresholds"].items()},
            metadata=metadata,
        )

    def probabilities(self, text: str) -> dict[str, float]:
        index, values = features(text, self.config)
        logits = values @ self.weights[index] + self.bias
        probabilities = 1.0 / (1.0 + np.exp(-logits))
        return {c: float(p) for c, p in zip(self.categories, probabilities, strict=True)}

    def explain(self, text: str, category: str, limit: int = 5) -> list[str]:
        """Words (or adjacent-word phrases) whose n-grams pushed this category's score up most."""
        found = occurrences(text, self.config)
        if not len(found.index):
            return []
        unique, values = vectorise(found.index, self.config.norm_floor)
        column = self.weights[:, self.categories.index(category)]
        per_feature = dict(zip(unique.tolist(), (values * column[unique]).tolist(), strict=True))
        counts = dict(zip(*np.unique(found.index, return_counts=True), strict=True))
        by_word: dict[int, float] = defaultdict(float)
        for feature, first, last in zip(
            found.index.tolist(), found.first_word.tolist(), found.last_word.tolist(), strict=True
        ):
            share = per_feature[feature] / counts[feature]
            by_word[first] += share / 2
            by_word[last] += share / 2
        return _top_phrases(found.tokens, by_word, limit)


def _top_phrases(tokens: list[str], by_word: Mapping[int, float], limit: int) -> list[str]:
    ranked = sorted((w for w in by_word if by_word[w] > 0.05), key=lambda w: -by_word[w])[:limit]
    chosen = sorted(ranked)
    phrases: list[list[int]] = []
    for position in chosen:  # join neighbours so "shut up" reads as one phrase
        if phrases and phrases[-1][-1] == position - 1:
            phrases[-1].append(position)
        else:
            phrases.append([position])
    phrases.sort(key=lambda p: -max(by_word[w] for w in p))
    return [" ".join(tokens[w] for w in phrase) for phrase in phrases]
