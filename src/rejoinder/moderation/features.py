"""Hashed word and character n-gram features, computed with numpy so scoring stays fast.

The same code builds the training matrix (training/train.py) and scores at run time, so the two
can never drift apart. Hashes are crc32 / a fixed polynomial, never Python's salted hash().
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt

from rejoinder.moderation.text import deobfuscate, normalise, words

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float32]

_SPACE = 32
_PRIME = 1_000_003
_MIX = np.uint64(0x9E3779B97F4A7C15)


@dataclass(frozen=True)
class FeatureConfig:
    dimension_bits: int = 18
    char_sizes: tuple[int, ...] = (3, 4, 5)
    masked_terms: frozenset[str] = frozenset()  # identity terms replaced by one neutral token
    mask_token: str = "identitygroup"  # noqa: S105 (a word, not a secret)
    # Divide by max(L2 norm, norm_floor): a text with only a few n-grams is not blown up to unit
    # length, so the weight of one common word ("a") cannot flag a one-word comment on its own.
    norm_floor: float = 0.0

    @property
    def mask(self) -> int:
        return (1 << self.dimension_bits) - 1


@dataclass(frozen=True)
class Occurrences:
    """Every feature occurrence with the word (or word pair) it came from, for explanations."""

    tokens: list[str]  # words as they appeared, before masking
    index: IntArray
    first_word: IntArray
    last_word: IntArray


def model_tokens(text: str, config: FeatureConfig) -> tuple[list[str], list[str]]:
    original = words(deobfuscate(normalise(text)))
    masked = [config.mask_token if t in config.masked_terms else t for t in original]
    return original, masked


def occurrences(text: str, config: FeatureConfig) -> Occurrences:
    original, masked = model_tokens(text, config)
    if not masked:
        empty = np.zeros(0, dtype=np.int64)
        return Occurrences(tokens=original, index=empty, first_word=empty, last_word=empty)
    spans = _SpanHasher(masked)
    word_idx, word_first, word_last = _word_features(spans, config)
    char_idx, char_word = _char_features(spans, config)
    return Occurrences(
        tokens=original,
        index=np.concatenate([word_idx, char_idx]),
        first_word=np.concatenate([word_first, char_word]),
        last_word=np.concatenate([word_last, char_word]),
    )


def vectorise(index: IntArray, norm_floor: float = 0.0) -> tuple[IntArray, FloatArray]:
    """Unique feature ids with sublinear counts divided by max(L2 norm, norm_floor)."""
    unique, counts = np.unique(index, return_counts=True)
    values = (1.0 + np.log(counts)).astype(np.float32)
    norm = max(float(np.sqrt(np.dot(values, values))), norm_floor)
    return unique, values / norm if norm > 0 else values


def features(text: str, config: FeatureConfig) -> tuple[IntArray, FloatArray]:
    return vectorise(feature_index(text, config), config.norm_floor)


def feature_index(text: str, config: FeatureConfig) -> IntArray:
    """The same ids as occurrences(text).index, hashed in one vectorised pass (the hot path)."""
    masked = model_tokens(text, config)[1]
    if not masked:
        return np.zeros(0, dtype=np.int64)
    spans = _SpanHasher(masked)
    bounds = spans.word_bounds
    n_words = len(bounds) - 1
    sizes = np.asarray(config.char_sizes, dtype=np.int64)[:, None]
    char_starts = np.arange(spans.length, dtype=np.int64)[None, :]
    char_ends = char_starts + sizes
    before = spans.spaces_before
    keep = (char_ends <= spans.length) & (
        before[np.minimum(char_ends, spans.length) - 1] == before[char_starts + 1]
    )
    starts = np.concatenate(
        [bounds[:-1] + 1, bounds[:-2] + 1, np.broadcast_to(char_starts, keep.shape)[keep]]
    )
    ends = np.concatenate([bounds[1:], bounds[2:], char_ends[keep]])
    salts = np.concatenate(
        [
            np.full(n_words, 1, dtype=np.int64),
            np.full(max(n_words - 1, 0), 2, dtype=np.int64),
            np.broadcast_to(sizes + 8, keep.shape)[keep],
        ]
    )
    return spans.hash(starts, ends, salts) & config.mask


def _word_features(spans: _SpanHasher, config: FeatureConfig) -> tuple[IntArray, ...]:
    bounds = spans.word_bounds
    unigrams = spans.hash(bounds[:-1] + 1, bounds[1:], salt=1)
    bigrams = spans.hash(bounds[:-2] + 1, bounds[2:], salt=2)
    positions = np.arange(len(bounds) - 1, dtype=np.int64)
    first = np.concatenate([positions, positions[:-1]])
    last = np.concatenate([positions, positions[1:]])
    return np.concatenate([unigrams, bigrams]) & config.mask, first, last


def _char_features(spans: _SpanHasher, config: FeatureConfig) -> tuple[IntArray, IntArray]:
    """Character n-grams inside each space-padded word, like scikit-learn's char_wb."""
    ids: list[IntArray] = []
    sources: list[IntArray] = []
    for size in config.char_sizes:
        starts = np.arange(max(spans.length - size + 1, 0))
        inside_word = spans.spaces_before[starts + size - 1] == spans.spaces_before[starts + 1]
        starts = starts[inside_word]
        ids.append(spans.hash(starts, starts + size, salt=size + 8))
        sources.append(spans.spaces_before[starts + 1] - 1)
    return np.concatenate(ids) & config.mask, np.concatenate(sources).astype(np.int64)


class _SpanHasher:
    """Polynomial hashes of any byte span of " word word ... " in O(1) each, via prefix sums.

    hash(i, j) = sum(b[k] * P**(k - i)) mod 2**64; P is odd, so P**-i exists mod 2**64.
    """

    def __init__(self, tokens: list[str]) -> None:
        encoded = (" " + " ".join(tokens) + " ").encode()[: _MAX_BYTES - 1]
        data = np.frombuffer(encoded, dtype=np.uint8)
        self.length = len(data)
        powers, inverse_powers = _powers()
        weighted = data.astype(np.uint64) * powers[: self.length]
        self._prefix = np.concatenate(
            [np.zeros(1, np.uint64), np.cumsum(weighted, dtype=np.uint64)]
        )
        self._inverse = inverse_powers
        is_space = data == _SPACE
        self.spaces_before = np.concatenate([[0], np.cumsum(is_space)])
        self.word_bounds = np.flatnonzero(is_space)

    def hash(self, starts: IntArray, ends: IntArray, salt: int | IntArray) -> IntArray:
        raw = (self._prefix[ends] - self._prefix[starts]) * self._inverse[starts]
        mixed = (raw + np.asarray(salt).astype(np.uint64)) * _MIX
        result: IntArray = (mixed >> np.uint64(40)).astype(np.int64)
        return result


_MAX_BYTES = 1 << 17


@cache
def _powers() -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
    return _geometric(_PRIME), _geometric(pow(_PRIME, -1, 1 << 64))


def _geometric(ratio: int) -> npt.NDArray[np.uint64]:
    """1, r, r**2, ... wrapping mod 2**64."""
    steps = np.full(_MAX_BYTES - 1, ratio, dtype=np.uint64)
    return np.concatenate([np.ones(1, np.uint64), np.cumprod(steps, dtype=np.uint64)])
