"""Featured comments in the widget, against the real server: a moderator features a reply through
the API; the widget shows the box above the thread (linking to the comment), the badge on it, and
the "Featured" choice, which lists only the featured comments until "All" is pressed again."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import Locator, expect

from tests.e2e.conftest import HostPage
from tests.e2e.server import SITE, DemoServer

pytestmark = pytest.mark.e2e

STORY = "featured-story"


def _token(server: DemoServer) -> str:
    server.cli("user", "create", "Fea Admin", "--role", "admin")
    return server.cli("token", "create", "--user", "Fea Admin", "--name", "e2e").split()[-1]


def _badge(widget: Locator, comment_id: int) -> Locator:
    """The featured badge in the comment's own header (not in its replies')."""
    return widget.locator(f"header.meta:has(#by-{comment_id}) .role.featured")


def test_the_widget_shows_the_featured_box_badge_and_choice(
    host_page: HostPage, demo: DemoServer
) -> None:
    first = demo.post(STORY, "The council's own figures disagree.", author="Ana")
    reply = demo.post(STORY, "Page 12 of the budget says so.", author="Ben", parent_id=first["id"])
    demo.post(STORY, "Nothing to add here.", author="Cy")
    featured = httpx.put(
        f"{demo.base}/api/v1/sites/{SITE}/moderation/comments/{reply['id']}/featured",
        json={"featured": True},
        headers={"authorization": f"Bearer {_token(demo)}"},
    )
    assert featured.status_code == 200, featured.text

    widget = host_page(demo, STORY)
    box = widget.locator("section.featured")
    expect(box).to_be_visible()
    expect(box.locator("h3")).to_have_text("Featured comments")
    expect(box.locator("li")).to_have_count(1)
    expect(box.locator("li .body")).to_have_text("Page 12 of the budget says so.")
    expect(box.locator("a.time")).to_have_attribute("href", f"#comment-{reply['id']}")
    expect(_badge(widget, reply["id"])).to_have_text("Featured")
    expect(_badge(widget, first["id"])).to_have_count(0)

    choice = widget.get_by_role("button", name="Featured", exact=True)
    expect(choice).to_be_visible()
    choice.click()
    expect(choice).to_have_attribute("aria-pressed", "true")
    expect(widget.locator("article")).to_have_count(1)
    expect(widget.locator("article .author").first).to_contain_text("Ben")
    expect(box).to_be_hidden()
    widget.get_by_role("button", name="All", exact=True).click()
    expect(widget.locator("article")).to_have_count(3)
    expect(box).to_be_visible()
