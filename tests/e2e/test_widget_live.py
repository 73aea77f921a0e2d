"""Live updates in the widget: Chromium reads a real server's event stream while other readers
write through the API (docs/widget.md#live-updates)."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from playwright.sync_api import Locator, Page, Request, Response, expect

from tests.e2e.conftest import HostPage
from tests.e2e.server import SITE, DemoServer

pytestmark = pytest.mark.e2e
NEW = re.compile(r"\bnew\b")


def is_events(message: Request | Response) -> bool:
    return message.url.split("?")[0].endswith("/events")


def open_live(page: Page, host_page: HostPage, server: DemoServer, story: str) -> Locator:
    """The publisher page, once its widget's event stream is open (the server holds the reader)."""
    with page.expect_response(is_events) as opened:
        widget = host_page(server, story)
    assert opened.value.status == 200
    return widget


def comment(widget: Locator, written: dict[str, Any]) -> Locator:
    return widget.locator(f"article#comment-{written['id']}")


def rect(locator: Locator) -> dict[str, float]:
    box: dict[str, float] = locator.evaluate("el => el.getBoundingClientRect().toJSON()")
    return box


def announced(widget: Locator) -> Locator:
    return widget.locator("div.sr[aria-live=polite]")


def set_visibility(page: Page, state: str) -> None:
    """What a browser does when the tab goes to the background or comes back. Headless Chromium
    keeps its one page visible, so the property is overridden for this document and the event
    dispatched: the widget sees exactly what a real tab switch shows it."""
    page.evaluate(
        """state => {
            const getter = {configurable: true, get: () => state};
            Object.defineProperty(document, "visibilityState", getter);
            document.dispatchEvent(new Event("visibilitychange"));
        }""",
        state,
    )


def change(server: DemoServer, method: str, written: dict[str, Any], **body: Any) -> None:
    """Edit or delete as the comment's author, elsewhere (its edit token, the site's origin)."""
    response = httpx.request(
        method,
        f"{server.base}/api/v1/sites/{SITE}/comments/{written['id']}",
        json=body or None,
        headers={"origin": server.base, "x-edit-token": written["edit_token"]},
    )
    assert response.status_code in (200, 204), response.text


def test_a_new_comment_waits_behind_a_button_and_nothing_moves(
    page: Page, host_page: HostPage, demo: DemoServer
) -> None:
    story = "live-new-story"
    first = demo.post(story, "The first comment, at the top.", author="Early")
    demo.post(story, "A second one.", author="Later")
    widget = open_live(page, host_page, demo, story)
    top = comment(widget, first)
    before = rect(top)

    demo.post(story, "Another reader's comment, live.", author="Elsewhere")
    fresh = widget.get_by_role("button", name="1 new comment")
    expect(fresh).to_be_visible()
    expect(announced(widget)).to_have_text("1 new comment")
    expect(widget.get_by_role("heading", name="3 Comments")).to_be_visible()
    assert rect(top) == before  # the button floats over the list: nothing moved
    expect(widget.get_by_text("Another reader's comment, live.")).to_have_count(0)

    # A real button in the tab order, right after the comment form.
    widget.get_by_role("button", name="Preview").focus()
    page.keyboard.press("Tab")
    expect(fresh).to_be_focused()
    page.keyboard.press("Enter")
    newest = widget.locator("article").first
    expect(newest).to_contain_text("Another reader's comment, live.")
    expect(newest).to_have_class(NEW)
    expect(newest).to_be_focused()
    expect(newest.locator(".author")).to_have_text("Elsewhere, new")
    expect(fresh).to_be_hidden()
    expect(widget.locator("article")).to_have_count(3)


def test_a_reply_to_a_shown_comment_appears_in_place_marked_new(
    page: Page, host_page: HostPage, demo: DemoServer
) -> None:
    story = "live-reply-story"
    parent = demo.post(story, "Reply to me.", author="Parent")
    widget = open_live(page, host_page, demo, story)
    before = rect(comment(widget, parent))

    written = demo.post(story, "A reply, live.", author="Replier", parent_id=parent["id"])
    thread = widget.locator("li.item", has=page.locator(f"article#comment-{parent['id']}"))
    reply = thread.locator("ul.replies article")
    expect(reply).to_contain_text("A reply, live.")
    expect(reply).to_have_id(f"comment-{written['id']}")
    expect(reply).to_have_class(NEW)
    expect(reply.locator(".author")).to_have_text("Replier, in reply to Parent, new")
    expect(announced(widget)).to_have_text("New reply from Replier")
    expect(widget.get_by_role("heading", name="2 Comments")).to_be_visible()
    expect(widget.locator("button.fresh")).to_be_hidden()  # replies do not wait behind it
    assert rect(comment(widget, parent)) == before


def test_edits_and_removals_elsewhere_apply_in_place(
    page: Page, host_page: HostPage, demo: DemoServer
) -> None:
    story = "live-change-story"
    edited = demo.post(story, "Before the edit.", author="Reviser")
    removed = demo.post(story, "About to go.", author="Leaver")
    holder = demo.post(story, "Gone, but answered.", author="Holder")
    reply = demo.post(story, "The answer stays.", author="Answerer", parent_id=holder["id"])
    widget = open_live(page, host_page, demo, story)
    expect(widget.get_by_role("heading", name="4 Comments")).to_be_visible()

    change(demo, "PATCH", edited, body="After the **edit**, elsewhere.")
    expect(comment(widget, edited).locator(".body")).to_have_text("After the edit, elsewhere.")
    expect(comment(widget, edited).locator(".body strong")).to_have_text("edit")
    expect(comment(widget, edited)).to_contain_text("edited")

    change(demo, "DELETE", removed)
    expect(comment(widget, removed)).to_have_count(0)  # no replies: it leaves the view
    expect(widget.get_by_role("heading", name="3 Comments")).to_be_visible()

    change(demo, "DELETE", holder)
    expect(comment(widget, holder)).to_contain_text("[deleted]")  # the tombstone, as on a reload
    expect(comment(widget, holder)).to_contain_text("This comment was deleted.")
    expect(comment(widget, reply)).to_contain_text("The answer stays.")
    total = httpx.get(f"{demo.base}/api/v1/sites/{SITE}/stories/{story}/comments").json()["total"]
    expect(widget.get_by_role("heading", name=f"{total} Comments")).to_be_visible()
    expect(widget.locator("button.fresh")).to_be_hidden()


def test_the_readers_own_comment_shows_once(
    page: Page, host_page: HostPage, demo: DemoServer
) -> None:
    story = "live-own-story"
    demo.post(story, "Someone was here first.", author="First")
    widget = open_live(page, host_page, demo, story)
    widget.get_by_label("Your name").fill("Me")
    widget.locator("textarea[name=body]").fill("My own words, posted here.")
    widget.get_by_role("button", name="Post comment").click()
    mine = widget.locator("article", has_text="My own words, posted here.")
    expect(mine).to_have_count(1)

    # Events come in order: once this one is here, the event of the reader's own comment was too.
    demo.post(story, "Posted after mine.", author="Other")
    expect(widget.get_by_role("button", name="1 new comment")).to_be_visible()
    expect(mine).to_have_count(1)
    expect(widget.get_by_role("heading", name="3 Comments")).to_be_visible()


def test_a_hidden_tab_holds_no_stream_and_catches_up_when_visible(
    page: Page, host_page: HostPage, demo: DemoServer
) -> None:
    story = "live-hidden-story"
    demo.post(story, "Here before the reader.", author="Before")
    widget = open_live(page, host_page, demo, story)
    demo.post(story, "Seen while the tab was visible.", author="Visible")
    expect(widget.get_by_role("button", name="1 new comment")).to_be_visible()

    with page.expect_event("requestfailed", is_events):  # the stream is cut
        set_visibility(page, "hidden")
    demo.post(story, "Posted while the tab was hidden.", author="Hidden")
    page.wait_for_timeout(500)  # an open stream would have delivered it by now
    expect(widget.get_by_role("button", name="1 new comment")).to_be_visible()

    with page.expect_request(is_events) as resumed:
        set_visibility(page, "visible")
    assert re.fullmatch(r".+-\d+", resumed.value.all_headers()["last-event-id"])
    fresh = widget.get_by_role("button", name="2 new comments")
    expect(fresh).to_be_visible()
    fresh.click()
    expect(widget.locator("article").nth(0)).to_contain_text("Posted while the tab was hidden.")
    expect(widget.locator("article").nth(1)).to_contain_text("Seen while the tab was visible.")
    expect(widget.locator("article")).to_have_count(3)
