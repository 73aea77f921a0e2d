"""Q&A mode in the widget, against the real server: a story in Q&A mode names its experts above
the form; a question is unanswered until an expert replies, and the expert's reply, arriving
live, marks it "Answered" without a reload (the filters then find it there)."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import Locator, expect

from tests.e2e.conftest import HostPage
from tests.e2e.server import SITE, DemoServer
from tests.e2e.test_accounts import _confirmed_reader, _login

pytestmark = pytest.mark.e2e

STORY = "qa-story"
EXPERT_EMAIL = "expert@example.org"


def _admin_token(server: DemoServer) -> str:
    server.cli("user", "create", "Qa Admin", "--role", "admin")
    return server.cli("token", "create", "--user", "Qa Admin", "--name", "e2e").split()[-1]


def _answered(widget: Locator, comment_id: int) -> Locator:
    return widget.locator(f"header.meta:has(#by-{comment_id}) .role.answered")


def test_an_experts_live_reply_marks_the_question_answered(
    host_page: HostPage, demo: DemoServer
) -> None:
    expert = _confirmed_reader(demo, "Dr. Rail", EXPERT_EMAIL)
    question = demo.post(STORY, "When does the new line open to passengers?", author="Ana")
    qa = httpx.put(
        f"{demo.base}/api/v1/sites/{SITE}/moderation/stories/{STORY}/qa",
        json={"enabled": True, "experts": [expert]},
        headers={"authorization": f"Bearer {_admin_token(demo)}"},
    )
    assert qa.status_code == 200, qa.text

    widget = host_page(demo, STORY)
    expect(widget.get_by_text("Questions are answered by Dr. Rail.")).to_be_visible()
    expect(widget.locator("article")).to_have_count(1)
    expect(_answered(widget, question["id"])).to_have_count(0)
    expect(widget.get_by_role("button", name="Unanswered", exact=True)).to_be_visible()

    reply = httpx.post(
        f"{demo.base}/api/v1/sites/{SITE}/stories/{STORY}/comments",
        json={"body": "In the spring, once the safety checks are done.",
              "parent_id": question["id"]},
        headers=_login(demo, EXPERT_EMAIL),
    )  # fmt: skip
    assert reply.status_code == 201, reply.text
    assert reply.json()["expert"] is True
    expect(widget.locator("article")).to_have_count(2)  # live, no reload
    answer_id = reply.json()["id"]
    expect(widget.locator(f"header.meta:has(#by-{answer_id}) .role.expert")).to_be_visible()
    expect(_answered(widget, question["id"])).to_have_text("✓ Answered")
