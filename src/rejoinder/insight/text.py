"""Words as insight counts them: tokens, stop words and a crude stemmer shared by the parts."""

from __future__ import annotations

import re

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

# Letters first, then letters, digits, apostrophes or hyphens: "ccp", "five-eyes", "don't".
TOKEN_PATTERN = "(?u)\\b[^\\W\\d_][\\w'\u2019-]*\\b"  # noqa: S105 (a regex)
TOKEN = re.compile(TOKEN_PATTERN)

# Words every side of a news discussion uses: they say nothing about a position. Chosen from
# the reference page's vocabulary (its commenters "think", "want" and "need" on every side).
# fmt: off
DISCUSSION_WORDS = frozenset((
    "think", "thought", "want", "wants", "need", "needs", "just", "really", "like", "know", "way",
    "thing", "things", "people", "time", "good", "great", "bad", "better", "best", "make", "makes",
    "making", "going", "get", "gets", "got", "say", "says", "said", "does", "did", "doing", "lot",
    "lots", "sure", "actually", "simply", "course", "yes", "yeah", "right", "well", "also", "even",
    "still", "let", "us", "ve", "ll", "don't", "doesn't", "isn't", "it's", "that's", "i'm",
    "can't", "won't", "you're", "they're", "we're", "there's", "article", "comment", "comments",
    "post", "story", "news",
))
# fmt: on
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | DISCUSSION_WORDS


def words(text: str) -> list[str]:
    """Lower-cased tokens, curly apostrophes made straight."""
    return [w.replace("\u2019", "'") for w in TOKEN.findall(text.lower())]


def stem(word: str) -> str:
    """Plural and verb endings off ("pirates" → "pirate", "negotiating" → "negotiat")."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def content_stems(text: str) -> list[str]:
    """Stems of the words that are not stop words."""
    return [stem(w) for w in words(text) if w not in STOP_WORDS and len(w) > 1]
