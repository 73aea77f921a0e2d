"""Marking the words that held a comment never breaks out of the sanitised HTML."""

from rejoinder.http.admin.highlight import highlight


def test_words_are_marked_in_text_only_never_in_tags() -> None:
    html = '<p>A <a href="https://idiot.example" rel="nofollow">link</a> for an idiot.</p>'
    marked = str(highlight(html, ["idiot"]))
    assert 'href="https://idiot.example"' in marked
    assert "for an <mark>idiot</mark>." in marked


def test_a_word_with_markup_in_it_is_escaped_before_it_is_looked_for() -> None:
    html = "<p>&lt;script&gt; is not a tag here</p>"
    marked = str(highlight(html, ["<script>", "<img src=x onerror=alert(1)>"]))
    assert "<script>" not in marked and "<img" not in marked
    assert "<mark>&lt;script&gt;</mark>" in marked


def test_no_words_leaves_the_html_as_it_was() -> None:
    assert str(highlight("<p>fine</p>", [])) == "<p>fine</p>"


def test_a_phrase_is_marked_whole_at_word_boundaries_only() -> None:
    html = "<p>This class is a stupid,\n ignorant mess.</p><p>stupid, ignorant</p>"
    marked = str(highlight(html, ["stupid, ignorant", "ass"]))
    assert "class" in marked and "cl<mark>" not in marked
    assert marked.count("<mark>stupid,\n ignorant</mark>") == 1
    assert "<mark>stupid, ignorant</mark>" in marked


def test_a_phrase_over_two_lines_is_marked_line_by_line() -> None:
    html = "<p>you moron</p><p>get lost idiot</p>"
    marked = str(highlight(html, ["you moron\n\nget lost idiot"]))
    assert "<mark>you moron</mark>" in marked and "<mark>get lost idiot</mark>" in marked
