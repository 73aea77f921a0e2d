"""Source HTML (Disqus, WordPress) to our markdown: text, structure and safe links only."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from rejoinder.platform.html_markdown import escape_markdown, html_to_markdown
from rejoinder.platform.rendering import render_markdown
from tests.helpers import assert_inert


def test_links_and_emphasis_are_kept_and_everything_else_dropped() -> None:
    html = (
        '<p>A <b>bold</b> <a href="https://x.example/a_b">link</a><script>alert(1)</script>'
        '<a href="javascript:alert(2)" onclick="f()">bad</a></p>'
    )
    markdown = html_to_markdown(html)
    assert markdown == "A **bold** [link](https://x.example/a_b)bad"
    rendered = render_markdown(markdown)
    assert '<a href="https://x.example/a_b"' in rendered and "alert" not in rendered


def test_wordpress_newlines_are_breaks_and_blank_lines_paragraphs() -> None:
    rendered = render_markdown(html_to_markdown("one\ntwo\n\nthree", keep_newlines=True))
    assert rendered.count("<p>") == 2 and "<br>" in rendered


def test_text_that_looks_like_markdown_stays_text() -> None:
    text = "1. not a list\n- nor this\n# nor a heading, *nor emphasis* [nor](a link)"
    rendered = render_markdown(escape_markdown(text))
    assert "<ol>" not in rendered and "<ul>" not in rendered and "<h1>" not in rendered
    assert "<em>" not in rendered and "<a " not in rendered


def test_quotes_lists_and_code() -> None:
    html = "<blockquote>quoted</blockquote><ul><li>one</li></ul><pre>x *y*</pre>"
    rendered = render_markdown(html_to_markdown(html))
    assert "<blockquote>" in rendered and "<li>one</li>" in rendered
    assert "<pre><code>x *y*" in rendered


SOUP = list("<>/=\"' abpscrit:javascript()onclick&;#[]*_\n")


@given(st.text(alphabet=st.sampled_from(SOUP)))
def test_any_html_renders_inert(html: str) -> None:
    assert_inert(render_markdown(html_to_markdown(html)))
