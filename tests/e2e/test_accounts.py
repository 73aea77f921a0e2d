"""Readers' own accounts in the widget (attribute `accounts`): sign in, sign out, sign up, mute."""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import AXE, FIRST_PAINT, HostPage
from tests.e2e.server import SITE, DemoServer

pytestmark = pytest.mark.e2e

PASSWORD = "correct horse battery staple"
ADA, BEN = "ada@example.org", "ben@example.org"


def _confirmed_reader(server: DemoServer, name: str, email: str) -> int:
    """A reader made from the shell, with the address confirmed (there is no mail in e2e)."""
    out = server.cli("user", "create", name, "--email", email, "--role", "reader",
                     "--password-stdin", stdin=PASSWORD + "\n")  # fmt: skip
    match = re.search(r"\(account (\d+)\)", out)
    assert match, out
    with sqlite3.connect(server.data_dir / "rejoinder.db") as db:
        now = datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ")
        db.execute("UPDATE accounts SET email_verified_at = ? WHERE email = ?", (now, email))
    return int(match.group(1))


@pytest.fixture(scope="module")
def accounts(fresh_demo: DemoServer) -> dict[str, int]:
    return {
        "ada": _confirmed_reader(fresh_demo, "Ada Reader", ADA),
        "ben": _confirmed_reader(fresh_demo, "Ben Writer", BEN),
    }


def _login(server: DemoServer, email: str) -> dict[str, str]:
    answer = httpx.post(f"{server.base}/api/v1/auth/login",
                        json={"email": email, "password": PASSWORD})  # fmt: skip
    assert answer.status_code == 200, answer.text
    return {"authorization": f"Bearer {answer.json()['token']}", "origin": server.base}


def _post_as(server: DemoServer, email: str, story: str, body: str) -> dict[str, Any]:
    payload = {"body": body, "story_url": f"{server.base}/publisher/{story}"}
    answer = httpx.post(f"{server.base}/api/v1/sites/{SITE}/stories/{story}/comments",
                        json=payload, headers=_login(server, email))  # fmt: skip
    assert answer.status_code == 201, answer.text
    data: dict[str, Any] = answer.json()
    return data


def _sign_in(widget: Locator, email: str, password: str) -> None:
    widget.get_by_role("button", name="Sign in", exact=True).first.click()
    form = widget.get_by_role("form", name="Sign in")
    expect(form.get_by_label("Email")).to_be_focused()
    form.get_by_label("Email").fill(email)
    form.get_by_label("Password").fill(password)
    form.get_by_role("button", name="Sign in").click()


def _serious_violations(page: Page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    found: list[str] = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
             .filter(v => v.impact === 'serious' || v.impact === 'critical')
             .map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' > ')).join(', ')}`)"""
    )
    return found


def _signed_in(widget: Locator) -> Locator:
    return widget.locator("[part=signed-in]")  # not the live region, which says it too


def _comment(widget: Locator, text: str) -> Locator:
    return widget.locator("article", has_text=text)


def test_a_reader_signs_in_posts_stays_signed_in_and_signs_out(
    page: Page, host_page: HostPage, fresh_demo: DemoServer, accounts: dict[str, int]
) -> None:
    widget = host_page(fresh_demo, "accounts-story", attrs="accounts")
    expect(widget.get_by_label("Your name")).to_be_visible()  # a guest until signed in
    _sign_in(widget, ADA, PASSWORD)

    expect(_signed_in(widget)).to_have_text("Signed in as Ada Reader")
    expect(widget.get_by_label("Your name")).to_be_hidden()
    expect(widget.locator("textarea[name=body]")).to_be_focused()
    widget.locator("textarea[name=body]").fill("Written while signed in with my own account.")
    widget.get_by_role("button", name="Post comment").click()
    mine = widget.locator("article").first
    expect(mine).to_contain_text("Written while signed in with my own account.")
    expect(mine.locator(".author")).to_contain_text("Ada Reader")
    expect(mine.get_by_role("button", name="Mute")).to_have_count(0)  # not on your own
    listing = httpx.get(f"{fresh_demo.base}/api/v1/sites/{SITE}/stories/accounts-story/comments")
    assert listing.json()["items"][0]["author"] == {
        "name": "Ada Reader",
        "account_id": accounts["ada"],
        "badge": "verified",
    }
    expect(mine.locator(".meta .role")).to_have_text("✓ verified")

    page.reload()
    page.wait_for_function(FIRST_PAINT)
    expect(_signed_in(widget)).to_have_text("Signed in as Ada Reader")
    expect(widget.get_by_label("Your name")).to_be_hidden()

    widget.get_by_role("button", name="Sign out").click()
    expect(_signed_in(widget)).to_be_hidden()
    expect(widget.get_by_role("button", name="Sign in", exact=True)).to_be_focused()
    expect(widget.get_by_label("Your name")).to_be_visible()
    assert page.evaluate("Object.keys(sessionStorage).length") == 0
    page.reload()
    page.wait_for_function(FIRST_PAINT)
    expect(widget.get_by_role("button", name="Sign in", exact=True)).to_be_visible()
    expect(_signed_in(widget)).to_be_hidden()


def test_a_wrong_password_shows_the_servers_message(
    page: Page, host_page: HostPage, fresh_demo: DemoServer, accounts: dict[str, int]
) -> None:
    wrong = {"email": ADA, "password": "not my password at all"}
    refused = httpx.post(f"{fresh_demo.base}/api/v1/auth/login", json=wrong)
    assert refused.status_code == 401
    widget = host_page(fresh_demo, "accounts-wrong", attrs="accounts")
    _sign_in(widget, ADA, "not my password at all")
    alert = widget.get_by_role("form", name="Sign in").get_by_role("alert")
    expect(alert).to_have_text(refused.json()["error"]["message"])
    expect(_signed_in(widget)).to_be_hidden()
    assert _serious_violations(page) == []  # with the sign-in form and its error open


def test_creating_an_account_asks_to_confirm_the_address(
    page: Page, host_page: HostPage, fresh_demo: DemoServer
) -> None:
    widget = host_page(fresh_demo, "accounts-new", attrs="accounts")
    widget.get_by_role("button", name="Create account").click()
    form = widget.get_by_role("form", name="Create account")
    expect(form.get_by_label("Display name")).to_be_focused()
    form.get_by_role("button", name="Create account").click()
    expect(form.get_by_role("alert")).to_have_text("Please fill in this field.")
    form.get_by_label("Display name").fill("Cleo Newcomer")
    form.get_by_label("Email").fill("cleo@example.org")
    form.get_by_label("Password").fill(PASSWORD)
    form.get_by_role("button", name="Create account").click()
    message = widget.get_by_text("Check your email to confirm your address, then sign in.")
    expect(message).to_be_focused()
    expect(widget.get_by_role("form", name="Create account")).to_have_count(0)


def test_muting_hides_another_authors_comments(
    page: Page, host_page: HostPage, fresh_demo: DemoServer, accounts: dict[str, int]
) -> None:
    story = "accounts-mute"
    bens = _post_as(fresh_demo, BEN, story, "Ben has opinions about this story.")
    fresh_demo.post(story, "A guest chimes in.", author="Guest Gil")
    _post_as(fresh_demo, BEN, story, "Ben again, on another point.")
    _post_as(fresh_demo, ADA, story, "Ada's own view.")
    widget = host_page(fresh_demo, story, attrs="accounts")
    expect(_comment(widget, "Ben has opinions").get_by_role("button", name="Mute")).to_have_count(0)
    _sign_in(widget, ADA, PASSWORD)

    expect(_comment(widget, "Ada's own view").get_by_role("button", name="Mute")).to_have_count(0)
    expect(_comment(widget, "A guest chimes in").get_by_role("button", name="Mute")).to_have_count(
        0
    )
    assert _serious_violations(page) == []  # signed in, with Mute buttons
    _comment(widget, "Ben has opinions").get_by_role("button", name="Mute Ben Writer").click()
    expect(widget.get_by_text("You muted Ben Writer. Their comments are hidden.")).to_be_focused()
    expect(_comment(widget, "Ben has opinions")).to_be_hidden()
    expect(_comment(widget, "Ben again")).to_be_hidden()
    expect(_comment(widget, "A guest chimes in")).to_be_visible()
    expect(_comment(widget, "Ada's own view")).to_be_visible()

    # A page the server rendered (and the widget hydrates) does not know the reader: the widget
    # hides the muted author itself once it has the reader's mutes.
    fragment = httpx.get(f"{fresh_demo.base}/fragments/sites/{SITE}/stories/{story}").text
    assert "Ben has opinions" in fragment
    widget = host_page(fresh_demo, story, attrs="accounts", inner=fragment)
    expect(_signed_in(widget)).to_have_text("Signed in as Ada Reader")
    expect(_comment(widget, "Ben has opinions")).to_be_hidden()
    expect(_comment(widget, "A guest chimes in")).to_be_visible()

    headers = _login(fresh_demo, ADA)
    gone = httpx.delete(f"{fresh_demo.base}/api/v1/me/mutes/{accounts['ben']}", headers=headers)
    assert gone.status_code == 204
    assert bens["author"]["account_id"] == accounts["ben"]
