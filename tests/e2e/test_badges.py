"""Author badges (`author.badge`: staff, verified, guest or null) beside the name in the widget."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Locator, Page, Route, expect

from rejoinder.http.schemas.comments import AuthorOut
from tests.e2e.conftest import AXE, FIRST_PAINT, HostPage, publisher_html
from tests.e2e.server import SITE, DemoServer

pytestmark = pytest.mark.e2e

STORY = "badge-story"
# Author name -> the badge the API sends; "Eve Older" gets no `badge` key at all (an older server).
BADGES: dict[str, str | None] = {
    "Amelia Writer": "staff",
    "Ben Reader": "verified",
    "Chloe Visitor": "guest",
    "Dan Plain": None,
}
AXE_SERIOUS = """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
  .filter(v => v.impact === 'serious' || v.impact === 'critical')
  .map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' > ')).join(', ')}`)"""


@pytest.fixture(scope="module")
def badge_demo(fresh_demo: DemoServer) -> DemoServer:
    for name in [*BADGES, "Eve Older"]:
        fresh_demo.post(STORY, f"A comment by {name}.", author=name)
    return fresh_demo


def _with_badges(route: Route) -> None:
    """The story's page as a server with badges sends it (whatever this server sends)."""
    data: dict[str, Any] = route.fetch().json()
    for item in data["items"]:
        author = item["author"]
        author.pop("badge", None)
        if author["name"] in BADGES:
            author["badge"] = BADGES[author["name"]]
    route.fulfill(status=200, json=data)


def _open(page: Page, server: DemoServer) -> Locator:
    page.route(f"{server.base}/api/v1/sites/{SITE}/stories/{STORY}/comments?*", _with_badges)
    url = f"{server.base}/publisher/{STORY}"
    html = publisher_html(server, STORY)
    page.route(url, lambda route: route.fulfill(content_type="text/html", body=html))
    page.goto(url)
    page.wait_for_function(FIRST_PAINT)
    return page.locator("rejoinder-comments")


def _by(widget: Locator, name: str) -> Locator:
    return widget.locator("article", has=widget.page.locator(".author", has_text=name))


def test_badges_show_next_to_the_author_name(browser: Browser, badge_demo: DemoServer) -> None:
    context = browser.new_context(bypass_csp=True)  # axe is injected as an inline script
    try:
        page = context.new_page()
        widget = _open(page, badge_demo)
        expect(widget.locator("article")).to_have_count(5)

        staff = _by(widget, "Amelia Writer").locator(".meta .role")
        expect(staff).to_have_text("Staff")
        expect(staff).to_be_visible()
        expect(_by(widget, "Chloe Visitor").locator(".meta .role")).to_have_text("Guest")
        verified = _by(widget, "Ben Reader").locator(".meta .role")
        expect(verified).to_have_text("✓ verified")
        # The check mark is decoration: a screen reader hears "verified".
        expect(verified.locator("[aria-hidden=true]")).to_have_text("✓")
        for name in ("Dan Plain", "Eve Older"):  # null, or a server without the field
            expect(_by(widget, name).locator(".role")).to_have_count(0)
        # The badge sits beside the name, not inside it (the name stays the name).
        expect(_by(widget, "Amelia Writer").locator(".author")).to_have_text("Amelia Writer")

        page.add_script_tag(path=str(AXE))
        assert page.evaluate(AXE_SERIOUS) == []
    finally:
        context.close()


@pytest.mark.skipif(
    "badge" not in AuthorOut.model_fields, reason="the server does not send author.badge yet"
)
def test_a_guest_comment_from_the_server_carries_the_guest_badge(
    page: Page, host_page: HostPage, badge_demo: DemoServer
) -> None:
    widget = host_page(badge_demo, STORY)
    expect(_by(widget, "Chloe Visitor").locator(".meta .role")).to_have_text("Guest")
    widget.get_by_label("Your name").fill("Fay Visitor")
    widget.locator("textarea[name=body]").fill("Posted as a guest just now.")
    widget.get_by_role("button", name="Post comment").click()
    expect(_by(widget, "Fay Visitor").locator(".meta .role")).to_have_text("Guest")
