"""Text normalisation shared by the word lists, the model features and the duplicate check.

Everything here is pure and linear in the length of the input.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

URL_PATTERN = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]]+", re.IGNORECASE)
MENTION_PATTERN = re.compile(r"@\w+")
WORD_PATTERN = re.compile(r"\w+(?:'\w+)?")
_REPEATS = re.compile(r"(.)\1{2,}")
_RUNS = re.compile(r"(.)\1+")
_SPACES = re.compile(r"\s+")

# Digits and symbols commonly swapped in for letters to dodge word lists ("sh1t", "@ss").
_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)
_LEET_WORD = re.compile(r"[\w@$]+")
_HTML_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'"}


@lru_cache(maxsize=256)  # the model and the word lists normalise the same text in a row
def normalise(text: str) -> str:
    """Lower-cased, NFKC-folded text with links and @mentions replaced by placeholder words.

    The placeholders match how the training tweets were anonymised (URL, @USER).
    """
    for entity, char in _HTML_ENTITIES.items():
        text = text.replace(entity, char)
    text = unicodedata.normalize("NFKC", text).lower()
    text = URL_PATTERN.sub(" url ", text)
    text = MENTION_PATTERN.sub(" user ", text)
    text = _REPEATS.sub(r"\1\1", text)  # "sooooo" and "soo" become the same feature
    return _SPACES.sub(" ", text).strip()


def words(text: str) -> list[str]:
    """Word tokens of already normalised text."""
    return WORD_PATTERN.findall(text)


@lru_cache(maxsize=1 << 16)  # natural text repeats words; the regex is the hot spot
def squeeze(token: str) -> str:
    """Collapse every run of a repeated letter: "fuuuck" -> "fuck" (a second lookup key)."""
    return _RUNS.sub(r"\1", token)


def join_spelled_out(tokens: list[str]) -> list[str]:
    """Merge runs of single letters ("f u c k") into one token so word lists still match."""
    merged: list[str] = []
    run: list[str] = []
    for token in tokens:
        if len(token) == 1 and token.isalpha():
            run.append(token)
            continue
        if run:
            merged.extend(_close_run(run))
            run = []
        merged.append(token)
    merged.extend(_close_run(run))
    return merged


def _close_run(run: list[str]) -> list[str]:
    return ["".join(run)] if len(run) >= 3 else run


@lru_cache(maxsize=1 << 16)
def _unleet(token: str) -> str:
    # Only a word that already has a letter is leet-spelled ("sh1t"); "455" is a number.
    return token.translate(_LEET) if any(ch.isalpha() for ch in token) else token


_SPELLED_OUT = re.compile(r"\b(?:[a-z] ){2,}[a-z]\b")


def deobfuscate(normalised: str) -> str:
    """Leet undone inside words ("h4t3" -> "hate") and spelled-out runs joined ("h a t e").

    What the models read: both learnt their words from text that is not disguised.
    """
    unleeted = _LEET_WORD.sub(lambda match: _unleet(match.group(0)), normalised)
    return _SPELLED_OUT.sub(lambda match: match.group(0).replace(" ", ""), unleeted)


def lookup_tokens(text: str) -> list[str]:
    """Tokens used for word-list matching: normalised, spelled-out runs joined, leet undone."""
    tokens = [_unleet(token) for token in _LEET_WORD.findall(normalise(text))]
    return join_spelled_out(words(" ".join(tokens)))
