"""The widget's reader panels (docs/notifications.md, docs/accounts.md): the bell with its unread
count and its notification list, "My comments", and guests' "Forget me" — in Chromium, against a
real `rejoinder demo` (the inbox item is written by its background job)."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import HostPage
from tests.e2e.server import SITE, DemoServer
from tests.e2e.test_accounts import (
    ADA,
    BEN,
    PASSWORD,
    _confirmed_reader,
    _login,
    _post_as,
    _serious_violations,
    _sign_in,
    _signed_in,
)

pytestmark = pytest.mark.e2e

SLOW = 15_000  # ms: the inbox item comes from a job, the count from a live event or a re-read


@pytest.fixture(scope="module")
def readers(demo: DemoServer) -> dict[str, int]:
    return {
        "ada": _confirmed_reader(demo, "Ada Reader", ADA),
        "ben": _confirmed_reader(demo, "Ben Writer", BEN),
    }


def _signed_in_widget(host_page: HostPage, server: DemoServer, story: str) -> Locator:
    widget = host_page(server, story, attrs="accounts")
    _sign_in(widget, ADA, PASSWORD)
    expect(_signed_in(widget)).to_have_text("Signed in as Ada Reader")
    return widget


def _bell(widget: Locator, unread: int) -> Locator:
    return widget.get_by_role("button", name=f"Notifications: {unread} unread", exact=True)


def _reply_as(server: DemoServer, email: str, story: str, parent: int, body: str) -> int:
    answer = httpx.post(
        f"{server.base}/api/v1/sites/{SITE}/stories/{story}/comments",
        json={"body": body, "parent_id": parent, "story_url": f"{server.base}/publisher/{story}"},
        headers=_login(server, email),
    )
    assert answer.status_code == 201, answer.text
    reply: int = answer.json()["id"]
    return reply


def _unread(server: DemoServer) -> int:
    answer = httpx.get(f"{server.base}/api/v1/sites/{SITE}/me/inbox/unread",
                       headers=_login(server, ADA))  # fmt: skip
    assert answer.status_code == 200, answer.text
    count: int = answer.json()["unread"]
    return count


def test_a_reply_rings_the_bell_and_mark_all_read_clears_it(
    page: Page, host_page: HostPage, demo: DemoServer, readers: dict[str, int]
) -> None:
    story = "panels-bell"
    mine = _post_as(demo, ADA, story, "Ada asks whether the talks include Canada.")
    widget = _signed_in_widget(host_page, demo, story)
    expect(_bell(widget, 0)).to_be_visible()
    expect(widget.locator(".bell .count")).to_have_text("")

    reply = _reply_as(demo, BEN, story, mine["id"], "Ben answers Ada directly here.")
    # The live event makes the widget read the count again (and again, for the job's sake).
    expect(_bell(widget, 1)).to_be_visible(timeout=SLOW)
    expect(widget.locator(".bell .count")).to_have_text("1")
    assert _unread(demo) == 1

    _bell(widget, 1).click()
    expect(_bell(widget, 1)).to_have_attribute("aria-expanded", "true")
    panel = widget.get_by_role("region", name="Notifications")
    expect(panel.get_by_role("heading", name="Notifications")).to_be_focused()
    item = panel.get_by_role("link", name="Ben Writer replied to your comment")
    expect(item).to_have_attribute("href", f"#comment-{reply}")
    expect(panel.get_by_text("Ben answers Ada directly here.")).to_be_visible()
    assert _serious_violations(page) == []  # the bell's panel open, one unread item

    panel.get_by_role("button", name="Mark all as read").click()
    expect(_bell(widget, 0)).to_be_visible()
    expect(widget.locator(".bell .count")).to_have_text("")
    expect(panel.get_by_role("button", name="Mark all as read")).to_be_hidden()
    expect(panel.get_by_role("button", name="Mark as read")).to_have_count(0)
    assert _unread(demo) == 0

    item.click()  # this story's comment: the panel closes, the page goes to the reply
    expect(panel).to_have_count(0)
    assert page.url.endswith(f"#comment-{reply}")


def test_my_comments_lists_newest_first_with_replies_and_works_from_the_keyboard(
    page: Page, host_page: HostPage, demo: DemoServer, readers: dict[str, int]
) -> None:
    story = "panels-mine"
    older = _post_as(demo, ADA, story, "Ada's first thought on the pillar two talks.")
    _post_as(demo, ADA, story, "Ada's second thought, a little later.")
    _reply_as(demo, BEN, story, older["id"], "Ben replies to the first thought.")
    widget = _signed_in_widget(host_page, demo, story)

    button = widget.get_by_role("button", name="My comments")
    button.focus()
    page.keyboard.press("Enter")
    panel = widget.get_by_role("region", name="My comments on this site")
    expect(panel.get_by_role("heading", name="My comments on this site")).to_be_focused()
    expect(button).to_have_attribute("aria-expanded", "true")
    entries = panel.locator("ul.entries > li")
    expect(entries.nth(1)).to_be_visible()
    expect(entries.nth(0).locator(".body").first).to_have_text(
        "Ada's second thought, a little later."
    )
    first = entries.nth(1)
    expect(first.locator(".body").first).to_have_text(
        "Ada's first thought on the pillar two talks."
    )
    expect(first).to_contain_text("1 reply")
    latest = first.get_by_role("list", name="Latest replies")
    expect(latest.locator(".author")).to_have_text("Ben Writer")
    expect(latest).to_contain_text("Ben replies to the first thought.")
    expect(entries.nth(0).get_by_role("list", name="Latest replies")).to_have_count(0)
    expect(first.get_by_role("link", name="View in the discussion")).to_have_attribute(
        "href", f"{demo.base}/publisher/{story}#comment-{older['id']}"
    )
    assert _serious_violations(page) == []  # the panel open, with its data section

    page.keyboard.press("Tab")  # from the heading to the panel's Close, inside the panel
    expect(panel.get_by_role("button", name="Close")).to_be_focused()
    page.keyboard.press("Escape")
    expect(panel).to_have_count(0)
    expect(button).to_be_focused()
    expect(button).to_have_attribute("aria-expanded", "false")

    page.keyboard.press("Enter")  # opens again from its button; Close closes it too
    expect(panel.get_by_role("heading", name="My comments on this site")).to_be_focused()

    # Within the edit window, from the panel (no edit token in this browser: the sign-in is enough).
    thread = widget.locator("article", has_text="Ada's first thought")
    expect(thread.get_by_role("button", name="Edit")).to_have_count(0)
    expect(first.locator(".meta").first.get_by_text("edited", exact=True)).to_be_hidden()
    first.get_by_role("button", name="Edit").click()
    first.get_by_role("button", name="Cancel").click()  # the actions come back, focus on Edit
    expect(first.get_by_role("button", name="Edit")).to_be_focused()
    first.get_by_role("button", name="Edit").click()
    field = first.get_by_label("Your comment")
    expect(field).to_be_focused()
    expect(field).to_have_value("Ada's first thought on the pillar two talks.")
    field.fill("Ada's first thought, **revised** after the briefing.")
    first.get_by_role("button", name="Save changes").click()
    expect(first.locator(".body").first).to_have_text(
        "Ada's first thought, revised after the briefing."
    )
    expect(first.locator(".body strong").first).to_have_text("revised")
    expect(first.get_by_role("button", name="Edit")).to_be_focused()
    expect(first.locator(".meta").first.get_by_text("edited", exact=True)).to_be_visible()
    # The thread on the page follows through its live stream.
    revised = widget.locator("article", has_text="revised after the briefing")
    expect(revised.locator(".body").first).to_have_text(
        "Ada's first thought, revised after the briefing.", timeout=SLOW
    )
    source = httpx.get(f"{demo.base}/api/v1/sites/{SITE}/comments/{older['id']}/source",
                       headers=_login(demo, ADA))  # fmt: skip
    assert source.json()["body"] == "Ada's first thought, **revised** after the briefing."

    panel.get_by_role("button", name="Close").click()
    expect(panel).to_have_count(0)
    expect(button).to_be_focused()


def test_a_guest_asks_to_be_forgotten(page: Page, host_page: HostPage, demo: DemoServer) -> None:
    widget = host_page(demo, "panels-forget", attrs="accounts")
    expect(widget.get_by_role("button", name="My comments")).to_be_hidden()
    opener = widget.get_by_role("button", name="Forget me")
    opener.click()
    panel = widget.get_by_role("region", name="Forget my guest comments")
    expect(panel.get_by_role("heading", name="Forget my guest comments")).to_be_focused()
    send = panel.get_by_role("button", name="Send the link")
    send.click()
    expect(panel.get_by_role("alert")).to_have_text("Please fill in this field.")
    expect(panel.get_by_label("Email")).to_be_focused()

    panel.get_by_label("Email").fill("never-commented@example.org")
    with page.expect_response(lambda r: r.url.endswith("/guests/forget")) as sent:
        send.click()
    assert sent.value.status == 202
    message = panel.get_by_text("Check your mail. If that address commented here")
    expect(message).to_be_focused()
    expect(panel.get_by_label("Email")).to_be_hidden()
    assert _serious_violations(page) == []  # the confirmation shown
    page.keyboard.press("Escape")
    expect(panel).to_have_count(0)
    expect(opener).to_be_focused()


def test_the_bell_and_my_comments_are_only_for_a_signed_in_reader(
    page: Page, host_page: HostPage, demo: DemoServer, readers: dict[str, int]
) -> None:
    widget = host_page(demo, "panels-signed-out", attrs="accounts")
    bell, mine = widget.locator(".bell"), widget.get_by_role("button", name="My comments")
    forget = widget.get_by_role("button", name="Forget me")
    expect(bell).to_be_hidden()
    expect(mine).to_be_hidden()
    expect(forget).to_be_visible()

    _sign_in(widget, ADA, PASSWORD)
    expect(bell).to_be_visible()
    expect(mine).to_be_visible()
    expect(forget).to_be_hidden()
    mine.click()
    expect(widget.get_by_role("region", name="My comments on this site")).to_be_visible()

    widget.get_by_role("button", name="Sign out").click()
    expect(bell).to_be_hidden()
    expect(mine).to_be_hidden()
    expect(widget.get_by_role("region", name="My comments on this site")).to_have_count(0)
    expect(forget).to_be_visible()

    # Without guests (attribute guests="false") a signed-out reader has no Forget me either.
    widget = host_page(demo, "panels-no-guests", attrs='accounts guests="false"')
    expect(widget.get_by_role("button", name="Sign in", exact=True)).to_be_visible()
    expect(widget.locator(".bell")).to_be_hidden()
    expect(widget.get_by_role("button", name="Forget me")).to_be_hidden()
