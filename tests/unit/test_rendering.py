"""Comment rendering (SECURITY 1-6): allow-listed, idempotent, bounded in time."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rejoinder.platform.rendering import render_markdown, render_paragraphs, sanitize
from tests.helpers import assert_inert

MARKUP = st.text(
    alphabet=st.sampled_from(list("<>\"'`=&#;:/()[]!*_~\\ \n\tajvscriptJVSCRIPT0123456789x")),
    max_size=200,
)


@given(MARKUP)
@settings(max_examples=300, deadline=None)
def test_any_input_renders_to_allow_listed_html(source: str) -> None:
    assert_inert(render_markdown(source))


@given(MARKUP)
@settings(max_examples=300, deadline=None)
def test_sanitising_is_idempotent(source: str) -> None:
    once = render_markdown(source)
    assert sanitize(once) == once


@given(st.lists(st.text(max_size=80), max_size=5))
@settings(max_examples=200, deadline=None)
def test_imported_paragraphs_are_text_never_markup(paragraphs: list[str]) -> None:
    html = render_paragraphs(paragraphs)
    assert_inert(html)
    assert {tag for tag in ("<a", "<strong", "<em") if tag in html} == set()


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "&#106;avascript:alert(1)",
        "java\tscript:alert(1)",
        "//evil.example",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        " javascript:alert(1)",
    ],
)
def test_only_http_https_and_mailto_links_survive(link: str) -> None:
    html = render_markdown(f"[click]({link}) <a href='{link}'>raw</a>")
    assert_inert(html)
    assert 'href="' not in html


@pytest.mark.parametrize(
    "link", ["https://example.org/a?b=1", "http://example.org", "mailto:desk@example.org"]
)
def test_safe_links_keep_rel(link: str) -> None:
    html = render_markdown(f"[here]({link})")
    assert 'rel="nofollow ugc noopener noreferrer"' in html
    assert "href=" in html


@pytest.mark.parametrize(
    "hostile",
    [
        "[" * 32_768 + "](" * 16_000,
        "*a" * 32_000,
        "> " * 30_000 + "x",
        "<" * 64_000,
        "http://" + "a." * 30_000,
        "`" * 64_000,
    ],
)
def test_hostile_64kb_input_renders_in_bounded_time(hostile: str) -> None:
    started = time.perf_counter()
    assert_inert(render_markdown(hostile[:65_536]))
    # Generous bound: catastrophic backtracking takes minutes, not seconds.
    assert time.perf_counter() - started < 5.0


def test_reference_link_titles_and_lang_do_not_survive() -> None:
    # A markdown reference link's title would put the author's text in a tooltip (nh3 keeps
    # `title` and `lang` on every tag by default).
    html = render_markdown('[the source][1]\n\n[1]: https://example.org "Click: prize inside"')
    assert "title=" not in html and "prize" not in html
    assert 'href="https://example.org"' in html
    assert "lang=" not in sanitize('<p lang="en" title="x">hi</p>')
    assert sanitize('<ol start="3" title="x"><li>a</li></ol>') == '<ol start="3"><li>a</li></ol>'
