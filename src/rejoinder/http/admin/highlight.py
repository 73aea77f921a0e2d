"""Marks the words that held a comment inside its sanitised HTML, for the moderator's eye.

Only text between tags is touched, and the words are escaped before they are looked for, so the
result is as safe as the sanitised HTML it started from.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from markupsafe import Markup, escape

_TAG = re.compile(r"(<[^>]*>)")
MAX_WORDS = 40


def highlight(html: str, words: Sequence[str]) -> Markup:
    wanted = [str(escape(word)) for word in words[:MAX_WORDS] if word.strip()]
    if not wanted:
        return Markup(html)  # noqa: S704 (the sanitiser's output: allow-listed tags only)
    pattern = re.compile("|".join(re.escape(word) for word in wanted), re.IGNORECASE)
    parts = _TAG.split(html)
    marked = [
        part if part.startswith("<") else pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", part)
        for part in parts
    ]
    return Markup("".join(marked))  # noqa: S704 (text marked inside sanitised HTML)
