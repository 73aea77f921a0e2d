"""Editing one's own comment in the widget: the form closes on save and the new body shows."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import HostPage
from tests.e2e.server import DemoServer

pytestmark = pytest.mark.e2e


def test_saving_an_edit_closes_the_form_and_shows_the_new_body(
    page: Page, host_page: HostPage, demo: DemoServer
) -> None:
    widget = host_page(demo, "edit-closes-story")
    widget.get_by_label("Your name").fill("Editing Reader")
    widget.locator("textarea[name=body]").fill("Before the edit")
    widget.get_by_role("button", name="Post comment").click()
    mine = widget.locator("article").first
    expect(mine.locator(".body")).to_have_text("Before the edit")

    mine.get_by_role("button", name="Edit").click()
    box = mine.get_by_label("Your comment")
    expect(box).to_have_value("Before the edit")
    box.fill("After the **edit**")
    mine.get_by_role("button", name="Save changes").click()

    expect(mine.locator(".body")).to_have_text("After the edit")
    expect(mine.locator(".body strong")).to_have_text("edit")
    expect(mine.locator("form")).to_have_count(0)  # the edit form is gone, not left empty
    expect(mine.get_by_role("button", name="Save changes")).to_have_count(0)
    expect(mine).to_be_focused()
    expect(mine).to_contain_text("edited")

    # Editing again starts from the saved text.
    mine.get_by_role("button", name="Edit").click()
    expect(mine.get_by_label("Your comment")).to_have_value("After the **edit**")
    mine.get_by_role("button", name="Cancel").click()
    expect(mine.locator("form")).to_have_count(0)
    expect(mine.get_by_role("button", name="Edit")).to_be_focused()
