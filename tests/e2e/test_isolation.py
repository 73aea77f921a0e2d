"""What strangers and host pages cannot do to the widget: hostile CSS, XSS payloads."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Dialog, Page, expect

from tests.e2e.conftest import HostPage
from tests.e2e.server import DemoServer

pytestmark = pytest.mark.e2e
PAYLOADS = (Path(__file__).parents[1] / "fixtures" / "xss_payloads.txt").read_text().splitlines()
HOSTILE_CSS = """<style>
  * { display: none !important; }
  html, body, main, rejoinder-comments { display: block !important; }
  button { color: red !important; background: red !important; }
  p, div, li, article { font-size: 40px !important; visibility: hidden !important; }
  rejoinder-comments { visibility: visible !important; color: red; font-family: monospace; }
</style>"""


def test_a_hostile_host_stylesheet_does_not_reach_the_widget(
    host_page: HostPage, demo: DemoServer
) -> None:
    demo.post("hostile-story", "Still readable on a hostile page.", author="Calm")
    widget = host_page(demo, "hostile-story", head=HOSTILE_CSS)
    comment = widget.locator("article").first
    expect(comment).to_be_visible()
    expect(comment).to_contain_text("Still readable on a hostile page.")
    like = comment.get_by_role("button", name="Like")
    expect(like).to_be_visible()
    assert like.evaluate("el => getComputedStyle(el).color") != "rgb(255, 0, 0)"
    body = comment.locator(".body p")
    assert body.evaluate("el => getComputedStyle(el).fontSize") == "16px"
    assert body.evaluate("el => getComputedStyle(el).fontFamily") != "monospace"


@pytest.fixture(scope="module")
def hostile_comments(fresh_demo: DemoServer) -> int:
    """Each payload posted through the API as a comment body and as a guest name."""
    for payload in PAYLOADS:
        written = fresh_demo.post("xss-story", payload, author=payload[:40])
        assert written["status"] == "published", written["moderation"]
    return len(PAYLOADS)


def _watch(page: Page) -> list[str]:
    """Every sign of script execution: dialogs, and the page's own errors."""
    seen: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        seen.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda error: seen.append(f"error: {error}"))
    return seen


def _assert_inert(page: Page, seen: list[str]) -> None:
    dangerous = page.locator("rejoinder-comments").locator(
        # svg.own-icon: the widget's own bell, a constant of ours (corner.ts); a comment's markup
        # cannot carry an svg at all (the sanitiser drops it), so the class is not forgeable.
        "script:not([type='application/json']), img, svg:not(.own-icon), iframe, object, embed, "
        "form:not(.form), math, details, [onerror], [onload], [ontoggle], [style], "
        "a[href^='javascript' i], a[href^='data' i], a[href^='vbscript' i], a[href^='//']"
    )
    expect(dangerous).to_have_count(0)
    page.wait_for_timeout(300)  # time for any onerror / onload to fire
    assert seen == []


def test_xss_payloads_from_the_api_render_inert(
    page: Page, host_page: HostPage, fresh_demo: DemoServer, hostile_comments: int
) -> None:
    seen = _watch(page)
    widget = host_page(fresh_demo, "xss-story")
    expect(widget.locator("article")).to_have_count(hostile_comments)
    expect(widget.locator("article .author").first).to_have_text(PAYLOADS[0][:40])
    _assert_inert(page, seen)


def test_xss_payloads_render_inert_from_the_server_rendered_fragment(
    page: Page, host_page: HostPage, fresh_demo: DemoServer, hostile_comments: int
) -> None:
    """A publisher includes the fragment in its page; the widget hydrates from its JSON."""
    fragment = httpx.get(f"{fresh_demo.base}/fragments/sites/e2e/stories/xss-story").text
    opening = '<script type="application/json">'
    embedded = fragment[fragment.index(opening) + len(opening) : fragment.rindex("</script>")]
    assert "<" not in embedded and ">" not in embedded  # SECURITY 1: JSON inside <script>
    seen = _watch(page)
    widget = host_page(fresh_demo, "xss-story", inner=fragment)
    expect(widget.locator("article")).to_have_count(hostile_comments)
    _assert_inert(page, seen)


def test_xss_payloads_render_inert_without_javascript(
    browser: Browser, fresh_demo: DemoServer, hostile_comments: int
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        seen = _watch(page)
        page.goto(f"{fresh_demo.base}/fragments/sites/e2e/stories/xss-story")
        expect(page.locator("li.comment")).to_have_count(hostile_comments)
        dangerous = page.locator("li.comment").locator("script, img, svg, iframe, [onerror]")
        expect(dangerous).to_have_count(0)
        assert seen == []
    finally:
        context.close()
