"""The page-dump importer's parser, on the reference page and on broken variants."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from rejoinder.domain.errors import Invalid
from rejoinder.interop.importers.page_dump import derive_title, parse_page

REFERENCE = Path(__file__).parent.parent / "fixtures" / "pages" / "wire-story-with-comments.txt"


@pytest.fixture(scope="module")
def reference_text() -> str:
    return REFERENCE.read_text(encoding="utf-8")


def test_reference_page_yields_25_comments_in_page_order(reference_text: str) -> None:
    page = parse_page(reference_text)
    authors = [c.author for c in page.comments]
    assert page.declared_count == len(authors) == 25
    assert authors[0] == "PTownsend" and authors[-1] == "TaiwanIsNotChina"
    counts = Counter(authors)
    assert counts["isabelle"] == 3 and counts["TaiwanIsNotChina"] == 4
    assert len(counts) == 16


def test_every_paragraph_of_every_comment_is_kept(reference_text: str) -> None:
    page = parse_page(reference_text)
    lines = reference_text.splitlines()
    after_header = [line for line in lines[lines.index("25 Comments") + 1 :] if line.strip()]
    kept = sum(1 + len(c.paragraphs) for c in page.comments)
    assert kept == len(after_header)
    by_line = {c.line: c for c in page.comments}
    isabelle_three = by_line[50]
    assert isabelle_three.author == "isabelle" and len(isabelle_three.paragraphs) == 3


def test_attribution_glued_to_last_paragraph_is_split_off(reference_text: str) -> None:
    page = parse_page(reference_text)
    assert page.attribution == "© Thomson Reuters 2024."
    assert page.paragraphs[-1].endswith("trilateral summit on Thursday.")
    assert len(page.paragraphs) == 18


def test_title_is_taken_or_derived(reference_text: str) -> None:
    assert parse_page(reference_text, title="Given headline").title == "Given headline"
    derived = parse_page(reference_text).title
    assert derived.startswith("The U.S., Britain and Australia will announce talks")
    assert len(derived) <= 91


def test_short_paragraph_is_title() -> None:
    assert derive_title("Short  opening.") == "Short opening."


def test_count_mismatch_says_where_the_parse_diverged(reference_text: str) -> None:
    # An extra one-word paragraph after a comment's text looks like a username.
    broken = reference_text.replace(
        "By giving their Home Guard guns?", "By giving their Home Guard guns?\nIndeed\nMore."
    )
    with pytest.raises(Invalid) as error:
        parse_page(broken)
    message = error.value.message
    assert "says 25 comments but 26 were parsed" in message
    assert "one-word paragraph" in message and "33 Indeed" in message


def test_sentence_like_single_words_stay_paragraphs(reference_text: str) -> None:
    with_question = reference_text.replace(
        "By giving their Home Guard guns?", "By giving their Home Guard guns?\nSeriously?"
    )
    page = parse_page(with_question)
    wandora = next(c for c in page.comments if c.author == "Wandora")
    assert wandora.paragraphs == ["By giving their Home Guard guns?", "Seriously?"]


def test_missing_header_and_empty_pages_are_errors() -> None:
    with pytest.raises(Invalid, match="No 'N Comments' header"):
        parse_page("Just an article.\nNo comments here.")
    with pytest.raises(Invalid, match="no comments"):
        parse_page("An article.\n0 Comments\n")


def test_a_one_word_first_paragraph_stays_with_its_author() -> None:
    page = parse_page("Article text.\n2 Comments\nalice\nAgreed!\nbob\nI do not agree at all.\n")
    assert [(c.author, c.paragraphs) for c in page.comments] == [
        ("alice", ["Agreed!"]),
        ("bob", ["I do not agree at all."]),
    ]


def test_a_nul_character_is_an_error_naming_its_line() -> None:
    with pytest.raises(Invalid, match="Line 4 contains the NUL"):
        parse_page("Article text.\n1 Comments\nalice\nHidden\x00text.\n")
    with pytest.raises(Invalid, match="title contains the NUL"):
        parse_page("Article text.\n1 Comments\nalice\nFine.\n", title="A\x00B")
