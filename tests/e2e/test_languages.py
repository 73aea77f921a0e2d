"""Languages in a real Chromium: which language the widget chooses (its element's `lang`, an
ancestor's, the page's, then the browser's; English for one we do not speak), Arabic laid out
right to left with its own plural forms, and the no-JS page in Arabic (docs/languages.md)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Locator, Page, Route, expect

from tests.e2e.conftest import FIRST_PAINT
from tests.e2e.server import DemoServer

pytestmark = pytest.mark.e2e
SCREENSHOT = Path(__file__).parents[2] / "docs" / "img" / "widget-ar-rtl.png"
STORY = "languages-story"
OpenWidget = Callable[..., Locator]
# The same story in every language: a comment and its reply, so two comments ("تعليقان", the
# dual, in Arabic).
HEADINGS = {
    "de": "2 Kommentare",
    "es": "2 comentarios",
    "ja": "コメント 2 件",
    "en": "2 Comments",
    "ar": "تعليقان",
}


@pytest.fixture(scope="module")
def thread(demo: DemoServer) -> dict[str, Any]:
    parent = demo.post(STORY, "أول تعليق على هذه القصة، ونصه طويل بما يكفي.", author="سلمى")
    reply = demo.post(STORY, "رد على التعليق الأول.", author="يوسف", parent_id=parent["id"])
    return {"parent": parent, "reply": reply}


@pytest.fixture
def open_widget(browser: Browser, demo: DemoServer) -> Iterator[OpenWidget]:
    """Opens a publisher page whose <html> and element carry the given `lang` attributes, in a
    browser context of the given locale (navigator.languages), and returns the widget."""
    contexts = []

    def open_page(html_lang: str = "", element_lang: str = "", locale: str = "en-US") -> Locator:
        context = browser.new_context(locale=locale, viewport={"width": 820, "height": 900})
        contexts.append(context)
        page = context.new_page()
        url = f"{demo.base}/publisher/{STORY}"
        html = f' lang="{html_lang}"' if html_lang else ""
        attrs = f' lang="{element_lang}"' if element_lang else ""
        body = f"""<!doctype html><html{html}><head><meta charset="utf-8"><title>Story</title>
</head><body><main><h1>A story</h1><script src="{demo.base}/embed.js" async></script>
<rejoinder-comments site="e2e" story="{STORY}"{attrs}></rejoinder-comments></main></body></html>"""

        def fulfil(route: Route) -> None:
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=body)

        page.route(url, fulfil)
        page.goto(url)
        page.wait_for_function(FIRST_PAINT)
        return page.locator("rejoinder-comments")

    yield open_page
    for context in contexts:
        context.close()


@pytest.mark.parametrize(
    ("html_lang", "element_lang", "locale", "expected", "reply"),
    [
        ("fr", "de", "en-US", "de", "Antworten"),  # the element's own lang wins over the page's
        ("es", "", "en-US", "es", "Responder"),  # then the page's
        ("", "", "ja-JP", "ja", "返信"),  # then the browser's
        ("pt", "", "pt-BR", "en", "Reply"),  # a language we do not speak: English
    ],
    ids=["element", "page", "browser", "unknown"],
)
def test_the_widget_speaks_the_first_language_it_finds(
    open_widget: OpenWidget,
    thread: dict[str, Any],
    html_lang: str,
    element_lang: str,
    locale: str,
    expected: str,
    reply: str,
) -> None:
    widget = open_widget(html_lang, element_lang, locale)
    expect(widget.get_by_role("heading", name=HEADINGS[expected])).to_be_visible()
    expect(widget.get_by_role("button", name=reply, exact=True).first).to_be_visible()
    assert widget.evaluate("el => el.shadowRoot.querySelector('.root').lang") == expected


def _box(locator: Locator) -> dict[str, float]:
    box = locator.bounding_box()
    assert box is not None
    return {"left": box["x"], "right": box["x"] + box["width"]}


def test_arabic_is_laid_out_right_to_left(open_widget: OpenWidget, thread: dict[str, Any]) -> None:
    widget = open_widget("en", "ar")
    expect(widget.get_by_role("heading", name=HEADINGS["ar"])).to_be_visible()  # the dual form
    root = widget.locator(".root")
    style = root.evaluate("el => [getComputedStyle(el).direction, getComputedStyle(el).textAlign]")
    assert style[0] == "rtl"
    assert style[1] in ("start", "right")  # start, in a right-to-left box, is the right
    # The heading's text starts at the right edge of the widget, not at its left.
    heading = widget.locator("h2").evaluate(
        """el => { const r = document.createRange(); r.selectNodeContents(el);
                   const b = r.getBoundingClientRect(); return {left: b.left, right: b.right}; }"""
    )
    edges = _box(root)
    assert edges["right"] - heading["right"] < 2
    assert heading["left"] - edges["left"] > 200
    # A checkbox sits at the right, its words just left of it (it once took a text field's
    # width, which left a gap the width of a name field between the two).
    checkbox = _box(widget.get_by_role("checkbox"))
    words = widget.get_by_role("checkbox").evaluate(
        """el => { const text = el.nextSibling, r = document.createRange();
                   r.setStart(text, text.data.length - text.data.trimStart().length);
                   r.setEnd(text, text.data.length); return r.getBoundingClientRect().right; }"""
    )
    assert edges["right"] - checkbox["right"] < 8
    assert checkbox["right"] - checkbox["left"] < 30
    assert 0 <= checkbox["left"] - words < 12
    # A reply is indented from the right: its right edge is left of its parent's, and the line
    # that marks the thread is on its right.
    parent = _box(widget.locator(f"article#comment-{thread['parent']['id']}"))
    reply = _box(widget.locator(f"article#comment-{thread['reply']['id']}"))
    assert reply["right"] < parent["right"] - 8
    assert abs(reply["left"] - parent["left"]) < 2
    borders = widget.locator("ul.replies").first.evaluate(
        "el => [getComputedStyle(el).borderRightWidth, getComputedStyle(el).borderLeftWidth]"
    )
    assert borders == ["2px", "0px"]
    if os.environ.get("REJOINDER_SCREENSHOT"):  # refreshes docs/img/widget-ar-rtl.png
        widget.page.mouse.move(0, 0)
        widget.screenshot(path=str(SCREENSHOT))


def test_the_page_without_javascript_is_arabic_and_right_to_left(
    browser: Browser, demo: DemoServer
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page: Page = context.new_page()
        page.goto(f"{demo.base}/?lang=ar")
        html = page.locator("html")
        expect(html).to_have_attribute("lang", "ar")
        expect(html).to_have_attribute("dir", "rtl")
        heading = page.locator("rejoinder-comments").get_by_role("heading").first
        expect(heading).to_contain_text("تعليقًا")  # 25: the plural of 11 to 99
        assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    finally:
        context.close()


def test_a_guest_asking_for_reply_mail_asks_for_it_in_the_widgets_language(
    open_widget: OpenWidget, thread: dict[str, Any]
) -> None:
    """The post says which language the reply mail is to be in: the widget's (it said "ja" or
    else "en" before, so a German reader was written to in English)."""
    widget = open_widget("de", "", "en-US")
    form = widget.locator("form.form").first
    form.get_by_label("Ihr Name").fill("Greta")
    form.get_by_label("Ihr Kommentar").fill("Eine Frage an die Redaktion, mit Bitte um Antwort.")
    form.get_by_label("Bei Antworten per E-Mail benachrichtigen").check()
    form.get_by_label("E-Mail", exact=True).fill("greta@example.org")
    with widget.page.expect_request(
        lambda request: request.method == "POST" and request.url.endswith("/comments")
    ) as posted:
        form.get_by_role("button", name="Kommentar senden").click()
    sent: dict[str, Any] = posted.value.post_data_json or {}
    assert (sent["notify_replies"], sent["author_email"], sent["language"]) == (
        True, "greta@example.org", "de",
    )  # fmt: skip
