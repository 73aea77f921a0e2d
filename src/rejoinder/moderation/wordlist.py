"""Word and phrase lists matched in time linear in the text, whatever the list size.

Lists are hashed sets keyed by normalised tokens (not one giant regex, which backtracks and
compiles slowly for thousands of words). Entries may be phrases ("piece of shit") or stems
ending in "*" ("fuck*" matches "fucking").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from rejoinder.moderation.text import lookup_tokens, squeeze

_MAX_STEM = 24
_STEM_CACHE_SIZE = 1 << 16  # natural text repeats words: remember each token's stem matches


@dataclass(frozen=True)
class Match:
    entry: str  # the list entry as written
    found: str  # the words as they appear (normalised)
    weight: float


class WordList:
    def __init__(self, entries: Mapping[str, float]) -> None:
        self._phrases: dict[tuple[str, ...], tuple[str, float]] = {}
        self._stems: dict[str, tuple[str, float]] = {}
        self._phrase_lengths: dict[str, set[int]] = defaultdict(set)
        for entry, weight in entries.items():
            self._add(entry.strip(), weight)
        self._stem_lengths = sorted({len(stem) for stem in self._stems})
        self._stem_cache: dict[str, tuple[Match, ...]] = {}
        self._inert: set[str] = set()  # tokens that can match nothing, whatever follows them

    @classmethod
    def of(cls, words: list[str] | tuple[str, ...], weight: float = 1.0) -> WordList:
        return cls(dict.fromkeys(words, weight))

    def __len__(self) -> int:
        return len(self._phrases) + len(self._stems)

    def _add(self, entry: str, weight: float) -> None:
        if entry.endswith("*") and len(entry) > 1:
            stem = "".join(lookup_tokens(entry[:-1]))[:_MAX_STEM]
            if stem:
                self._stems[stem] = (entry, weight)
            return
        key = tuple(lookup_tokens(entry))
        if key:
            self._phrases[key] = (entry, weight)
            self._phrase_lengths[key[0]].add(len(key))

    def find(self, text: str) -> list[Match]:
        tokens = lookup_tokens(text)
        found: dict[str, Match] = {}
        inert = self._inert
        for position, token in enumerate(tokens):
            if token in inert:
                continue
            matches = self._matches_at(tokens, position, token)
            for match in matches:
                found.setdefault(match.entry, match)
            if (
                not matches
                and token not in self._phrase_lengths
                and squeeze(token) not in self._phrase_lengths
                and len(inert) < _STEM_CACHE_SIZE
            ):
                inert.add(token)
        return list(found.values())

    def _matches_at(self, tokens: list[str], position: int, token: str) -> list[Match]:
        matches = self._lookup(tokens, position, token)
        squeezed = squeeze(token)
        if squeezed != token:
            matches += self._lookup(tokens, position, squeezed)
        return matches

    def _lookup(self, tokens: list[str], position: int, candidate: str) -> list[Match]:
        matches: list[Match] = []
        for length in self._phrase_lengths.get(candidate, ()):
            key = (candidate, *tokens[position + 1 : position + length])
            if key in self._phrases:
                matches.append(self._match(self._phrases[key], " ".join(key)))
        stems = self._stem_cache.get(candidate)
        if stems is None:
            stems = self._stem_matches(candidate)
            if len(self._stem_cache) < _STEM_CACHE_SIZE:
                self._stem_cache[candidate] = stems
        matches.extend(stems)
        return matches

    def _stem_matches(self, candidate: str) -> tuple[Match, ...]:
        matches = []
        for size in self._stem_lengths:
            if size > len(candidate):
                break
            if candidate[:size] in self._stems:
                matches.append(self._match(self._stems[candidate[:size]], candidate))
        return tuple(matches)

    @staticmethod
    def _match(entry: tuple[str, float], found: str) -> Match:
        return Match(entry=entry[0], found=found, weight=entry[1])
