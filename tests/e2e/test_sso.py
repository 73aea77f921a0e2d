"""A publisher's signed-in reader, in a real browser: the page hands the widget a signed token."""

from __future__ import annotations

import json
import secrets
import time

import jwt
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import HostPage
from tests.e2e.server import DemoServer

pytestmark = pytest.mark.e2e

SITE = "sso-news"
ISSUER = "https://www.example-news.com"
SECRET = secrets.token_urlsafe(48)


@pytest.fixture(scope="module")
def sso_demo(fresh_demo: DemoServer) -> DemoServer:
    _sso_site(fresh_demo)
    return fresh_demo


def _sso_site(server: DemoServer) -> None:
    settings = {
        "sso": {
            "keys": [{"kid": "2026-11", "alg": "HS256", "secret": SECRET}],
            "issuer": ISSUER,
            "audience": f"rejoinder:{SITE}",
        },
        "allow_guests": False,
        "moderation": {"phases": ["length"]},
    }
    server.cli("site", "create", SITE, "--origin", server.base, "--settings", json.dumps(settings))


def _publisher_token(name: str) -> str:
    """What the newsroom's backend mints for its logged-in reader (docs/sso.md)."""
    claims = {"sub": "reader-1729", "name": name, "iss": ISSUER, "aud": f"rejoinder:{SITE}",
              "exp": int(time.time()) + 300}  # fmt: skip
    return jwt.encode(claims, SECRET, algorithm="HS256", headers={"kid": "2026-11"})


def test_a_reader_signed_in_by_the_publisher_comments_under_that_name(
    page: Page, host_page: HostPage, sso_demo: DemoServer
) -> None:
    token = _publisher_token("Ada Northcote")
    widget = host_page(sso_demo, "sso-story", site=SITE, attrs=f'sso-token="{token}"')

    expect(widget.get_by_text("Signed in as Ada Northcote")).to_be_visible()
    expect(widget.get_by_label("Your name")).to_have_count(0)  # no guest name: it is theirs
    widget.locator("textarea[name=body]").fill("Posted as the newsroom's own reader.")
    widget.get_by_role("button", name="Post comment").click()

    mine = widget.locator("article").first
    expect(mine).to_contain_text("Posted as the newsroom's own reader.")
    expect(mine.locator(".author")).to_contain_text("Ada Northcote")
    expect(mine.locator(".meta .role")).to_have_text("✓ verified")  # the publisher vouches
    expect(widget.get_by_role("heading", name="1 Comment")).to_be_visible()


def test_a_forged_token_is_refused_with_a_message(
    page: Page, host_page: HostPage, sso_demo: DemoServer
) -> None:
    forged = jwt.encode(
        {"sub": "x", "name": "Mallory", "iss": ISSUER, "aud": f"rejoinder:{SITE}",
         "exp": int(time.time()) + 300},
        "not-the-publisher-secret-but-long-enough-0123456789", algorithm="HS256",
        headers={"kid": "2026-11"},
    )  # fmt: skip
    widget = host_page(sso_demo, "sso-forged", site=SITE, attrs=f'sso-token="{forged}"')
    expect(widget.get_by_role("alert")).to_contain_text("signature")
    expect(widget.get_by_text("Signed in as")).to_have_count(0)
