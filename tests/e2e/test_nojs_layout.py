"""The server-rendered page without JavaScript keeps to the viewport, whatever readers write."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.server import STORY, DemoServer

pytestmark = pytest.mark.e2e

LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 222  # 9,990 characters, no space


@pytest.fixture(scope="module")
def long_word_demo(fresh_demo: DemoServer) -> DemoServer:
    """The demo story (the page at `/`) with one comment that is a single very long word."""
    fresh_demo.post(STORY, LONG_WORD, author="Long Word", site="demo")
    code = "Some code:\n\n```\n" + "long_line_of_code(" * 100 + "\n```\n"
    fresh_demo.post(STORY, code, author="Long Code", site="demo")
    return fresh_demo


@pytest.mark.parametrize("width", [320, 1280])
def test_a_very_long_word_does_not_widen_the_page_without_javascript(
    browser: Browser, long_word_demo: DemoServer, width: int
) -> None:
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": width, "height": 800}
    )
    try:
        page = context.new_page()
        page.goto(long_word_demo.base + "/")
        comment = page.locator("li.comment", has_text="Long Word")
        expect(comment).to_have_count(1)
        scroll_width, client_width = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert client_width == width
        assert scroll_width <= client_width
        for name in ("Long Word", "Long Code"):
            box = page.locator("li.comment", has_text=name).locator(".body").bounding_box()
            assert box is not None and box["x"] + box["width"] <= width, name
    finally:
        context.close()
