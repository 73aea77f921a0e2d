"""Parse a flat text dump of a news page: article, attribution, `N Comments`, comments.

The layout (as in tests/fixtures/pages/wire-story-with-comments.txt):
article paragraphs, one per line, the last one with the copyright line glued to its end;
a header line `N Comments`; then for each comment a username line (one token, no spaces)
followed by the comment's paragraphs, one per line.
"""

from __future__ import annotations

import re

from rejoinder.domain.errors import Invalid
from rejoinder.domain.imported import ImportedComment, ImportedPage
from rejoinder.domain.text import has_nul

HEADER = re.compile(r"^\s*(\d[\d,]*)\s+comments?\s*$", re.IGNORECASE)
# One token; a sentence-ending mark (other than "!", as in "Fighto!") means a paragraph.
USERNAME = re.compile(r"^\S{0,39}[^\s.?,;:]$")
ATTRIBUTION = re.compile(r"(©.*)$")
TITLE_CHARS = 90


def derive_title(first_paragraph: str) -> str:
    """A headline from the opening paragraph: its first clause, cut on a word boundary."""
    text = " ".join(first_paragraph.split())
    if len(text) <= TITLE_CHARS:
        return text
    cut = text[:TITLE_CHARS].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def _split_attribution(paragraphs: list[str]) -> tuple[list[str], str | None]:
    if not paragraphs:
        return paragraphs, None
    match = ATTRIBUTION.search(paragraphs[-1])
    if match is None:
        return paragraphs, None
    body = paragraphs[-1][: match.start()].rstrip()
    rest = [*paragraphs[:-1], body] if body else paragraphs[:-1]
    return rest, match.group(1).strip()


def _find_header(lines: list[str]) -> tuple[int, int]:
    for index, line in enumerate(lines):
        match = HEADER.match(line)
        if match:
            return index, int(match.group(1).replace(",", ""))
    raise Invalid("No 'N Comments' header line found: is this a page dump with comments?")


def _parse_comments(lines: list[str], first_line: int) -> list[ImportedComment]:
    comments: list[ImportedComment] = []
    previous_was_name = True  # the header behaves like a name: a paragraph may not follow it
    for offset, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            continue
        # A username never directly follows another username: that line is a one-word paragraph.
        if USERNAME.match(line) and not (previous_was_name and comments):
            comments.append(ImportedComment(line, [], first_line + offset))
            previous_was_name = True
            continue
        if not comments:
            raise Invalid(f"Line {first_line + offset}: text before the first username line.")
        comments[-1].paragraphs.append(line)
        previous_was_name = False
    return comments


def _check_count(declared: int, comments: list[ImportedComment]) -> None:
    if declared == len(comments):
        return
    names = ", ".join(f"{c.line} {c.author}" for c in comments[:60])
    hint = (
        "a one-word paragraph was probably taken for a username"
        if len(comments) > declared
        else "a username line was probably taken for text (does it contain a space?)"
    )
    raise Invalid(
        f"The page says {declared} comments but {len(comments)} were parsed; {hint}. "
        f"Username lines found (line, name): {names}."
    )


def _check_no_nul(lines: list[str], title: str | None) -> None:
    """PostgreSQL refuses U+0000 in text: say where it is rather than fail mid-import."""
    for number, line in enumerate(lines, start=1):
        if has_nul(line):
            raise Invalid(f"Line {number} contains the NUL character (U+0000); remove it.")
    if title and has_nul(title):
        raise Invalid("The title contains the NUL character (U+0000); remove it.")


def parse_page(text: str, title: str | None = None) -> ImportedPage:
    lines = text.splitlines()
    _check_no_nul(lines, title)
    header_index, declared = _find_header(lines)
    article = [line.strip() for line in lines[:header_index] if line.strip()]
    paragraphs, attribution = _split_attribution(article)
    comments = _parse_comments(lines[header_index + 1 :], header_index + 2)
    _check_count(declared, comments)
    if not comments:
        raise Invalid("The page has no comments to import.")
    headline = (
        title.strip()
        if title and title.strip()
        else derive_title(paragraphs[0] if paragraphs else "")
    )
    if not headline:
        raise Invalid("The page has no article text to take a title from; pass --title.")
    return ImportedPage(headline, paragraphs, attribution, declared, comments)
