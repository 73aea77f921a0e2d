"""Toxic spans: which words of a comment a moderator sees highlighted, scored in numpy.

A per-word logistic model (training/spans.py fits it on the Toxic Spans raters' marks of news
comments) over hashed features of the word, its character n-grams and its neighbours. Words over
the threshold become character spans of the text as given (end exclusive); neighbouring words
merge into one span with whatever separates them, as the raters' spans do ("stupid, ignorant").
It costs one vectorised pass a comment, a few hundredths of a millisecond for a short one.
"""

from __future__ import annotations

import json
import re
import unicodedata
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from rejoinder.moderation.features import FloatArray, IntArray

TOKEN = re.compile(r"[\w$@*]+(?:['\u2019][\w$@*]+)*")  # an apostrophe inside a word
_REPEATS = re.compile(r"(.)\1{2,}")
_SYMBOLS = frozenset("$@*")
_MIX = np.uint64(0x9E3779B97F4A7C15)
_SALT_STEP = 0xBF58476D1CE4E5B9
_PAIR = np.uint64(1_000_003)
_START, _END = zlib.crc32(b"\x02"), zlib.crc32(b"\x03")
MAX_CHARS = 20_000  # beyond this nothing more is highlighted; a comment is rarely longer
Span = tuple[int, int]


@dataclass(frozen=True)
class SpanConfig:
    dimension_bits: int = 18
    char_sizes: tuple[int, ...] = (3, 4, 5)
    window: int = 2  # neighbours on each side whose words are features
    masked_terms: frozenset[str] = frozenset()  # identity terms: one neutral token for all
    mask_token: str = "identitygroup"  # noqa: S105 (a word, not a secret)

    @property
    def shift(self) -> np.uint64:
        return np.uint64(64 - self.dimension_bits)


def word_offsets(text: str) -> list[Span]:
    """Each word of the text as given: (start, end), end exclusive."""
    return [match.span() for match in TOKEN.finditer(text[:MAX_CHARS])]


@lru_cache(maxsize=1 << 16)
def word_key(word: str) -> str:
    return _REPEATS.sub(r"\1\1", unicodedata.normalize("NFKC", word).lower())


@lru_cache(maxsize=1 << 16)
def _char_hashes(key: str, sizes: tuple[int, ...]) -> tuple[int, ...]:
    padded = f"<{key}>"
    return tuple(
        zlib.crc32(f"{size}{padded[i : i + size]}".encode())
        for size in sizes
        for i in range(max(len(padded) - size + 1, 1))
    )


def _shape(word: str) -> int:
    letters = [c for c in word if c.isalpha()]
    if not letters:
        code = 0
    elif all(c.isupper() for c in letters):
        code = 1 if len(letters) > 1 else 2
    elif letters[0].isupper():
        code = 3
    else:
        code = 4
    return code + (8 if _SYMBOLS.intersection(word) else 0)


def _mix(values: npt.NDArray[np.uint64], salt: int, config: SpanConfig) -> IntArray:
    mixed = (values + np.uint64(salt * _SALT_STEP % (1 << 64))) * _MIX
    result: IntArray = (mixed >> config.shift).astype(np.int64)
    return result


def token_features(
    text: str, config: SpanConfig, masked: bool = True
) -> tuple[list[Span], IntArray, IntArray]:
    """(word offsets, row, column): word `row` has feature `column` (binary features)."""
    found = word_offsets(text)
    n = len(found)
    if not n:
        empty = np.zeros(0, dtype=np.int64)
        return found, empty, empty
    originals = [text[a:b] for a, b in found]
    keys = [word_key(w) for w in originals]
    if masked and config.masked_terms:
        keys = [config.mask_token if k in config.masked_terms else k for k in keys]
    w = config.window
    hashes = np.array(
        [_START] * w + [zlib.crc32(k.encode()) for k in keys] + [_END] * w, dtype=np.uint64
    )
    rows_of_n = np.arange(n, dtype=np.int64)
    rows: list[IntArray] = []
    cols: list[IntArray] = []
    for offset in range(-w, w + 1):  # the word itself and each neighbour, by position
        rows.append(rows_of_n)
        cols.append(_mix(hashes[w + offset : w + offset + n], offset + w + 1, config))
    for salt, left in ((20, w - 1), (21, w)):  # word pairs ending and starting here
        pair = hashes[left : left + n] * _PAIR + hashes[left + 1 : left + 1 + n]
        rows.append(rows_of_n)
        cols.append(_mix(pair, salt, config))
    shapes = np.array([_shape(word) for word in originals], dtype=np.uint64)
    rows.append(rows_of_n)
    cols.append(_mix(shapes, 30, config))
    grams = [_char_hashes(k, config.char_sizes) for k in keys]
    counts = np.fromiter((len(g) for g in grams), dtype=np.int64, count=n)
    rows.append(np.repeat(rows_of_n, counts))
    flat = np.fromiter((h for g in grams for h in g), dtype=np.uint64, count=int(counts.sum()))
    cols.append(_mix(flat, 40, config))
    return found, np.concatenate(rows), np.concatenate(cols)


def merge(found: list[Span], chosen: npt.NDArray[np.bool_]) -> list[Span]:
    """Runs of chosen neighbouring words as one span each, the gaps between them included."""
    spans: list[Span] = []
    previous = False
    for (start, end), keep in zip(found, chosen.tolist(), strict=True):
        if keep and previous:
            spans[-1] = (spans[-1][0], end)
        elif keep:
            spans.append((start, end))
        previous = keep
    return spans


@dataclass(frozen=True)
class SpanModel:
    """Highlights the words within `relative` of the comment's most toxic word.

    Every Toxic Spans post is toxic, so the model learnt which words of a toxic comment are
    the toxic ones, not whether a comment is toxic: a comment gets highlights only when its
    strongest word reaches `gate`, or the lower `flagged_gate` when a scoring model flagged it.
    """

    weights: FloatArray  # shape (2**bits,)
    bias: float
    relative: float
    gate: float
    flagged_gate: float
    config: SpanConfig
    metadata: dict[str, object]

    @classmethod
    def load(cls, weights_path: Path, metadata_path: Path) -> SpanModel:
        metadata = json.loads(metadata_path.read_text(encoding="utf-8"))
        with np.load(weights_path, allow_pickle=False) as arrays:
            weights = arrays["weights"].astype(np.float32)
            bias = float(arrays["bias"])
        settings = metadata["features"]
        config = SpanConfig(
            dimension_bits=int(settings["dimension_bits"]),
            char_sizes=tuple(int(s) for s in settings["char_sizes"]),
            window=int(settings["window"]),
            masked_terms=frozenset(settings["masked_terms"]),
            mask_token=str(settings["mask_token"]),
        )
        rule = metadata["rule"]
        return cls(
            weights,
            bias,
            relative=float(rule["relative"]),
            gate=float(rule["gate"]),
            flagged_gate=float(rule["flagged_gate"]),
            config=config,
            metadata=metadata,
        )

    def word_probabilities(self, text: str) -> tuple[list[Span], FloatArray]:
        found, rows, cols = token_features(text, self.config)
        logits = self.bias + np.bincount(rows, weights=self.weights[cols], minlength=len(found))
        probabilities: FloatArray = (1.0 / (1.0 + np.exp(-logits))).astype(np.float32)
        return found, probabilities

    def chosen(self, probabilities: FloatArray, flagged: bool = False) -> npt.NDArray[np.bool_]:
        gate = self.flagged_gate if flagged else self.gate
        if not len(probabilities) or float(probabilities.max()) < gate:
            return np.zeros(len(probabilities), dtype=bool)
        keep: npt.NDArray[np.bool_] = probabilities >= self.relative * probabilities.max()
        return keep

    def spans(self, text: str, flagged: bool = False) -> list[Span]:
        """Character spans [start, end) of the text as given; empty when nothing is toxic.

        `flagged`: a scoring model already found the comment toxic, so a weaker word will do.
        """
        found, probabilities = self.word_probabilities(text)
        return merge(found, self.chosen(probabilities, flagged))

    def phrases(self, text: str, flagged: bool = False) -> list[str]:
        """The highlighted text, one string a span, the span with the most toxic word first."""
        found, probabilities = self.word_probabilities(text)
        spans = merge(found, self.chosen(probabilities, flagged))
        peaks = [
            max(p for (a, b), p in zip(found, probabilities.tolist(), strict=True)
                if start <= a and b <= end)
            for start, end in spans
        ]  # fmt: skip
        order = sorted(range(len(spans)), key=lambda i: -peaks[i])
        return [text[spans[i][0] : spans[i][1]] for i in order]


def load_spans(directory: Path) -> SpanModel | None:
    """None when the files are missing: explanations then come from the scoring models."""
    weights, metadata = directory / "spans.npz", directory / "spans.json"
    if not (weights.exists() and metadata.exists()):
        return None
    return SpanModel.load(weights, metadata)
