"""The accurate model: a fine-tuned MiniLM in ONNX, run only on the linear model's uncertain band.

The graph and the tokenizer ship in models/accurate/ (see training/finetune.py). Scoring takes
a few milliseconds a comment on one core, so the cascade sends it only the comments whose fast
toxicity score falls between the band's edges (training/cascade.py chooses them on dev data).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from rejoinder.moderation.text import WORD_PATTERN, normalise
from rejoinder.moderation.transformer_text import prepare

log = logging.getLogger(__name__)
SUBTYPES = frozenset({"insult", "identity_attack"})
BATCH = 32  # texts per ONNX call: bounded padding and memory on large evaluations
OCCLUDED_WORDS = 15  # distinct words of 3+ letters tried; with the whole comment, half a batch
MIN_DROP = 0.05  # a word whose removal moves the score less than this did not drive it


@dataclass(frozen=True)
class Band:
    """Where the fast model is unsure, and how the two scores are combined there."""

    low: float
    high: float
    weight: float  # the accurate score's share of the combined score inside the band

    def contains(self, toxicity: float) -> bool:
        return self.low <= toxicity < self.high

    def combine(self, fast: Mapping[str, float], accurate: Mapping[str, float]) -> dict[str, float]:
        return {
            category: self.weight * accurate[category] + (1.0 - self.weight) * score
            if category in accurate
            else score
            for category, score in fast.items()
        }


@dataclass(frozen=True)
class AccurateModel:
    session: Any  # onnxruntime.InferenceSession (untyped package)
    tokenizer: Any  # tokenizers.Tokenizer
    categories: tuple[str, ...]
    masked_terms: frozenset[str]
    band: Band
    thresholds: Mapping[str, float]

    def probabilities(self, texts: Sequence[str]) -> list[dict[str, float]]:
        rows: list[dict[str, float]] = []
        for start in range(0, len(texts), BATCH):
            rows += self._batch(texts[start : start + BATCH])
        return rows

    def explain(self, text: str, categories: Sequence[str], limit: int = 5) -> dict[str, list[str]]:
        """Per category, the words whose removal lowers its score most (occlusion).

        The transformer has no weights per word to read, so each candidate word is taken out in
        turn and the comment scored again: one batch answers every category. The cost is one
        transformer pass per candidate, hence the cap (about 0.2 s of one core at the cap).
        """
        normalised = normalise(text)
        words = [w for w in dict.fromkeys(WORD_PATTERN.findall(normalised)) if len(w) > 2]
        candidates = words[:OCCLUDED_WORDS]
        base, *rest = self.probabilities(
            [normalised, *(_without(normalised, w) for w in candidates)]
        )
        explained = {}
        for category in categories:
            drops = [
                (base[category] - r[category], w) for r, w in zip(rest, candidates, strict=True)
            ]
            drops.sort(reverse=True)
            explained[category] = [word for drop, word in drops[:limit] if drop >= MIN_DROP]
        return explained

    def _batch(self, texts: Sequence[str]) -> list[dict[str, float]]:
        encoded = self.tokenizer.encode_batch([prepare(t, self.masked_terms) for t in texts])
        ids = np.array([e.ids for e in encoded], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
        (output,) = self.session.run(None, {"input_ids": ids, "attention_mask": mask})
        return [nested(dict(zip(self.categories, map(float, row), strict=True))) for row in output]


def nested(scores: Mapping[str, float]) -> dict[str, float]:
    """Insults and identity attacks are kinds of toxicity in every training label, so in accurate
    mode neither may score above toxicity: "Gay people live here." is no attack on anyone."""
    ceiling = scores["toxicity"]
    return {c: min(v, ceiling) if c in SUBTYPES else v for c, v in scores.items()}


def _without(text: str, word: str) -> str:
    return WORD_PATTERN.sub(lambda match: "" if match.group(0) == word else match.group(0), text)


def load_accurate(
    directory: Path, preset: str = "accurate", threads: int = 1
) -> AccurateModel | None:
    """None when the files or onnxruntime are missing: the fast model then decides alone."""
    metadata_path, cascade_path = directory / "model.json", directory / "cascade.json"
    if not all(p.exists() for p in (metadata_path, cascade_path, directory / "model.onnx")):
        return None
    try:
        import onnxruntime
        from tokenizers import Tokenizer
    except ImportError:  # pragma: no cover - both are dependencies; a trimmed install may lack them
        log.warning("onnxruntime or tokenizers missing: moderation runs the fast model only")
        return None
    metadata = json.loads(metadata_path.read_text(encoding="utf-8"))
    cascade = json.loads(cascade_path.read_text(encoding="utf-8"))
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1  # one core a request; the server runs several workers
    options.inter_op_num_threads = 1
    session = onnxruntime.InferenceSession(
        str(directory / "model.onnx"), options, providers=["CPUExecutionProvider"]
    )
    tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
    tokenizer.enable_truncation(max_length=int(metadata["max_length"]))
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # noqa: S106 (a token, not a secret)
    chosen = cascade["presets"][preset]
    band = chosen["band"]
    return AccurateModel(
        session=session,
        tokenizer=tokenizer,
        categories=tuple(metadata["categories"]),
        masked_terms=frozenset(metadata["masked_terms"]),
        band=Band(float(band["low"]), float(band["high"]), float(band["weight"])),
        thresholds={k: float(v) for k, v in chosen["thresholds"].items()},
    )
