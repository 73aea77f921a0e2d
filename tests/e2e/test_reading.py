"""Reading the reference story on the demo page: hydration, sorting, permalinks, no-JS, a11y."""

from __future__ import annotations

import os
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, Request, expect

from tests.e2e.conftest import AXE, HostPage, authors, open_demo
from tests.e2e.server import DemoServer

pytestmark = pytest.mark.e2e
SCREENSHOT = Path(__file__).parents[2] / "docs" / "img" / "demo.png"


def test_demo_page_shows_the_reference_story_without_refetching(
    page: Page, demo: DemoServer
) -> None:
    api_calls: list[str] = []

    def record(request: Request) -> None:
        if "/api/" in request.url:
            api_calls.append(request.url)

    page.on("request", record)
    widget = open_demo(page, demo)
    expect(widget.get_by_role("heading", name="25 Comments")).to_be_visible()
    expect(widget.locator("article")).to_have_count(25)
    assert authors(widget)[:3] == ["PTownsend", "John-San", "OssanAmerica"]
    assert api_calls == []  # hydrated from the JSON the server embedded
    if os.environ.get("REJOINDER_SCREENSHOT"):  # refreshes docs/img/demo.png for the README
        page.set_viewport_size({"width": 900, "height": 1100})
        # The end of the story, then its discussion.
        page.locator(".attribution").evaluate("el => scrollTo(0, el.offsetTop - 140)")
        page.screenshot(path=str(SCREENSHOT))


def test_sorting_changes_the_order(page: Page, demo: DemoServer) -> None:
    widget = open_demo(page, demo)
    oldest = authors(widget)
    widget.get_by_label("Sort by").select_option("newest")
    expect(widget.locator("article .author").first).not_to_have_text(oldest[0])
    assert authors(widget) == list(reversed(oldest))
    widget.get_by_label("Sort by").select_option("oldest")
    expect(widget.locator("article .author").first).to_have_text(oldest[0])


def test_permalink_scrolls_to_and_highlights_the_comment(page: Page, demo: DemoServer) -> None:
    widget = open_demo(page, demo, "#comment-20")
    target = widget.locator("article#comment-20")
    expect(target).to_have_class("highlight")
    expect(target).to_be_focused()
    expect(target).to_be_in_viewport()


def test_readers_without_javascript_see_the_discussion(browser: Browser, demo: DemoServer) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(demo.base + "/")
        element = page.locator("rejoinder-comments")
        expect(element.get_by_role("heading", name="25 Comments")).to_be_visible()
        expect(element.locator("li.comment")).to_have_count(25)
        expect(element.locator("li.comment").first).to_contain_text("PTownsend")
    finally:
        context.close()


def test_keyboard_reaches_every_control(page: Page, demo: DemoServer) -> None:
    widget = open_demo(page, demo)
    widget.get_by_label("Sort by").focus()
    page.keyboard.press("Tab")  # name
    page.keyboard.press("Tab")  # comment
    page.keyboard.press("Tab")  # "notify me of replies"
    expect(widget.get_by_role("checkbox", name="Notify me of replies")).to_be_focused()
    page.keyboard.press("Tab")  # post
    page.keyboard.press("Tab")  # preview
    expect(widget.get_by_role("button", name="Preview")).to_be_focused()
    page.keyboard.press("Tab")  # the first comment's permalink, then its actions
    page.keyboard.press("Tab")
    expect(widget.get_by_role("button", name="Like").first).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # Reply opens a form and moves focus into it
    expect(widget.get_by_label("Your reply to PTownsend")).to_be_visible()
    focused = widget.evaluate("el => el.shadowRoot.activeElement.getAttribute('name')")
    assert focused in ("author_name", "body")


def test_axe_finds_no_serious_violations(browser: Browser, demo: DemoServer) -> None:
    context = browser.new_context(bypass_csp=True)  # axe is injected as an inline script
    try:
        page = context.new_page()
        widget = open_demo(page, demo)
        widget.get_by_role("button", name="Reply").first.click()
        widget.get_by_role("button", name="Report").nth(1).click()
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(
            """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
                 .filter(v => v.impact === 'serious' || v.impact === 'critical')
                 .map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' > ')).join(', ')}`)"""
        )
        assert violations == []
    finally:
        context.close()


def test_japanese_strings_follow_the_element_language(
    host_page: HostPage, demo: DemoServer
) -> None:
    demo.post("ja-story", "日本語のコメントです。", author="読者")
    widget = host_page(demo, "ja-story", attrs='lang="ja"')
    expect(widget.get_by_role("heading", name="コメント 1 件")).to_be_visible()
    expect(widget.get_by_role("button", name="返信")).to_be_visible()
    expect(widget.get_by_label("並べ替え")).to_be_visible()


def test_embed_js_is_cached_long_and_revalidated_by_content_hash(demo: DemoServer) -> None:
    first = httpx.get(f"{demo.base}/embed.js")
    assert first.status_code == 200
    assert first.headers["content-type"].startswith("text/javascript")
    assert "max-age=86400" in first.headers["cache-control"]
    again = httpx.get(f"{demo.base}/embed.js", headers={"if-none-match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
