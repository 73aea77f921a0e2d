"""Marks the words that held a comment inside its sanitised HTML, for the moderator's eye.

The words are the explanations of the reasons: for the model's categories the toxic spans of
the comment as the span model highlights them (docs/spans.md), phrases such as "stupid,
ignorant fool" copied from the text as written. A phrase is marked whole where it appears,
whatever whitespace the rendering put between its words, and only at word boundaries (marking
"ass" inside "class" would point at the wrong thing). A phrase over several lines, which the
rendering splits with tags, is marked line by line.

Only text between tags is touched, and the words are escaped before they are looked for, so the
result is as safe as the sanitised HTML it started from.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from markupsafe import Markup, escape

_TAG = re.compile(r"(<[^>]*>)")
_LINES = re.compile(r"\s*\n\s*")
_SPACE = re.compile(r"\s+")
MAX_WORDS = 40


def _pattern(phrase: str) -> str:
    escaped = str(escape(phrase))
    body = r"\s+".join(re.escape(chunk) for chunk in _SPACE.split(escaped))
    before = r"(?<!\w)" if phrase[0].isalnum() else ""
    after = r"(?!\w)" if phrase[-1].isalnum() else ""
    return before + body + after


def highlight(html: str, words: Sequence[str]) -> Markup:
    pieces = {
        line for word in words[:MAX_WORDS] for line in _LINES.split(word.strip()) if line.strip()
    }
    if not pieces:
        return Markup(html)  # noqa: S704 (the sanitiser's output: allow-listed tags only)
    longest_first = sorted(pieces, key=lambda p: (-len(p), p))
    pattern = re.compile("|".join(_pattern(p) for p in longest_first), re.IGNORECASE)
    parts = _TAG.split(html)
    marked = [
        part if part.startswith("<") else pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", part)
        for part in parts
    ]
    return Markup("".join(marked))  # noqa: S704 (text marked inside sanitised HTML)
