"""Writing through the widget's forms: replies, preview, edit, delete, like, report, errors."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import FIRST_PAINT, HostPage, open_demo
from tests.e2e.server import DemoServer

pytestmark = pytest.mark.e2e


def write(form_owner: Locator, text: str, name: str | None = "Keyboard Reader") -> None:
    if name is not None:
        form_owner.get_by_label("Your name").fill(name)
    form_owner.locator("textarea[name=body]").fill(text)


def test_a_reply_posted_through_the_form_appears_nested(page: Page, fresh_demo: DemoServer) -> None:
    widget = open_demo(page, fresh_demo)
    parent = widget.locator("li.item", has=page.locator("article#comment-3"))
    parent.get_by_role("button", name="Reply").first.click()
    write(parent, "A **considered** reply from the e2e suite.")
    parent.get_by_role("button", name="Post reply").click()

    reply = parent.locator("ul.replies > li.item > article").last
    expect(reply).to_contain_text("A considered reply from the e2e suite.")
    expect(reply.locator("strong")).to_have_text("considered")
    expect(reply).to_be_focused()  # focus follows the new comment
    expect(reply.locator(".author")).to_contain_text("in reply to OssanAmerica")
    expect(widget.get_by_role("heading", name="26 Comments")).to_be_visible()
    expect(parent.get_by_role("list", name="Replies to OssanAmerica")).to_be_visible()


def test_preview_renders_markdown_as_text_nodes(page: Page, host_page: HostPage,
                                                fresh_demo: DemoServer) -> None:  # fmt: skip
    widget = host_page(fresh_demo, "preview-story")
    write(widget, "**bold** and <img src=x onerror=alert(1)> [link](javascript:alert(1))")
    widget.get_by_role("button", name="Preview").click()
    preview = widget.locator(".preview")
    expect(preview.locator("strong")).to_have_text("bold")
    expect(preview).to_contain_text("<img src=x onerror=alert(1)>")
    assert preview.locator("img, a").count() == 0


def test_own_comment_can_be_edited_and_deleted_to_a_tombstone(
    page: Page, host_page: HostPage, fresh_demo: DemoServer
) -> None:
    widget = host_page(fresh_demo, "edit-story")
    expect(widget.get_by_text("No comments yet")).to_be_visible()
    write(widget, "First version")
    widget.get_by_role("button", name="Post comment").click()
    mine = widget.locator("article").first
    expect(mine).to_contain_text("First version")

    mine.get_by_role("button", name="Edit").click()
    mine.locator("textarea").fill("Second version")
    mine.get_by_role("button", name="Save changes").click()
    expect(mine.locator(".body")).to_have_text("Second version")
    expect(mine).to_contain_text("edited")

    mine.get_by_role("button", name="Reply").click()
    write(mine, "A reply keeps the thread alive", name=None)
    mine.get_by_role("button", name="Post reply").click()
    expect(widget.locator("article")).to_have_count(2)

    mine.get_by_role("button", name="Delete").first.click()
    mine.get_by_role("button", name="Yes, delete").click()
    expect(mine).to_contain_text("[deleted]")
    expect(mine).to_contain_text("This comment was deleted.")
    expect(widget.locator("article").nth(1)).to_contain_text("A reply keeps the thread alive")

    page.reload()
    page.wait_for_function(FIRST_PAINT)
    expect(widget.locator("article").first).to_contain_text("[deleted]")
    reply = widget.locator("article").nth(1)
    reply.get_by_role("button", name="Delete").click()
    reply.get_by_role("button", name="Yes, delete").click()
    expect(widget.locator("article")).to_have_count(1)


def test_like_and_report_with_a_reason(page: Page, fresh_demo: DemoServer) -> None:
    widget = open_demo(page, fresh_demo)
    comment = widget.locator("article#comment-5")
    like = comment.get_by_role("button", name="Like")
    like.click()
    expect(like).to_have_attribute("aria-pressed", "true")
    expect(like).to_have_text("Like · 1")
    like.click()
    expect(like).to_have_text("Like · 0")

    comment.get_by_role("button", name="Report").click()
    comment.get_by_label("Illegal content (EU Digital Services Act notice)").check()
    # A DSA notice asks for the law and an explanation; without them the server says what lacks.
    comment.get_by_role("button", name="Send report").click()
    expect(comment.get_by_role("alert")).to_contain_text("legal_ground")
    comment.get_by_label("Which law or legal reason does it break? (required)").fill(
        "Defamation: Strafgesetzbuch section 186"
    )
    comment.get_by_label("Why is it illegal? (required, at least 20 characters)").fill(
        "It states as fact that a named official took bribes."
    )
    comment.get_by_role("button", name="Send report").click()
    expect(comment.get_by_text("Your notice reached the moderators")).to_be_visible()

    comment.get_by_role("button", name="Report").click()  # a second report: 409, said inline
    comment.get_by_label("Spam or advertising").check()
    comment.get_by_role("button", name="Send report").click()
    expect(comment.get_by_role("alert")).to_contain_text("already reported")


def test_liking_your_own_comment_explains_why_not(
    page: Page, host_page: HostPage, fresh_demo: DemoServer
) -> None:
    fresh_demo.post("own-story", "Posted from this same address")  # the same reader, to the server
    widget = host_page(fresh_demo, "own-story")
    widget.get_by_role("button", name="Like").click()
    expect(widget.locator(".note")).to_contain_text("own")


def test_held_comment_shows_a_moderation_notice(page: Page, host_page: HostPage,
                                                fresh_demo: DemoServer) -> None:  # fmt: skip
    settings = json.dumps({"moderation": {"mode": "pre"}})
    fresh_demo.cli("site", "create", "premod", "--origin", fresh_demo.base, "--settings", settings)
    widget = host_page(fresh_demo, "held-story", site="premod")
    write(widget, "Please review me")
    widget.get_by_role("button", name="Post comment").click()
    mine = widget.locator("article").first
    expect(mine).to_contain_text("Awaiting moderation")
    expect(mine).to_contain_text("awaiting moderation and will appear once a moderator approves")
    expect(mine).to_be_focused()
    expect(widget.get_by_role("heading", name="0 Comments")).to_be_visible()


def test_server_errors_are_shown_inline(page: Page, host_page: HostPage,
                                        fresh_demo: DemoServer) -> None:  # fmt: skip
    widget = host_page(fresh_demo, "error-story")
    write(widget, "x")
    # The textarea stops at 10,000 characters; the server is the authority, and says why.
    widget.locator("textarea").evaluate(
        "el => { el.removeAttribute('maxlength'); el.value = 'x'.repeat(10001) }"
    )
    widget.get_by_role("button", name="Post comment").click()
    expect(widget.get_by_role("alert")).to_contain_text("10000")
    expect(widget.locator("article")).to_have_count(0)


def test_a_nudge_asks_to_reconsider_and_sending_again_goes_to_review(
    page: Page, host_page: HostPage, fresh_demo: DemoServer
) -> None:
    widget = host_page(fresh_demo, "nudge-story", site="demo")  # the full moderation pipeline
    write(widget, "Pathetic bunch of clowns.")
    widget.get_by_role("button", name="Post comment").click()
    expect(widget.get_by_role("alert")).to_contain_text("please take another look")
    widget.get_by_role("button", name="Post comment").click()  # unchanged: a moderator decides
    mine = widget.locator("article").first
    expect(mine).to_contain_text("Awaiting moderation")
    expect(widget.get_by_role("heading", name="0 Comments")).to_be_visible()
