"""The API reference at /api/v1/docs: Swagger UI from our own static files, under a strict CSP."""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import ConsoleMessage, Page, Request, expect

from tests.e2e.server import DemoServer

pytestmark = pytest.mark.e2e

# Collected in the page before any of its scripts run (an init script is not subject to the CSP).
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) =>
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
"""


def test_the_api_reference_lists_the_operations_without_csp_violations(
    page: Page, demo: DemoServer
) -> None:
    console: list[str] = []
    requests: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            console.append(message.text)

    def on_request(request: Request) -> None:
        requests.append(request.url)

    page.on("console", on_console)
    page.on("request", on_request)
    page.add_init_script(RECORD_VIOLATIONS)
    with page.expect_response(f"{demo.base}/api/v1/docs/swagger-ui-bundle.js") as bundle:
        page.goto(f"{demo.base}/api/v1/docs")
    # Sent precompressed (1.7 MB plain), and the browser decodes it: the page works below.
    assert bundle.value.header_value("content-encoding") in ("br", "gzip")

    operation = page.locator(
        ".opblock-summary", has_text="/api/v1/sites/{site}/stories/{story}/comments"
    )
    expect(
        operation.filter(has=page.locator(".opblock-summary-method", has_text="GET")).first
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Rejoinder")).to_be_visible()
    assert page.evaluate("window.__violations") == []
    assert [text for text in console if "Content Security Policy" in text] == []
    # Everything came from this server: no CDN, no validator badge, no analytics.
    own = urlsplit(demo.base).netloc
    assert [url for url in requests if urlsplit(url).netloc != own] == []


def test_the_api_reference_csp_allows_only_its_own_files(demo: DemoServer) -> None:
    response = httpx.get(f"{demo.base}/api/v1/docs")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    policies = response.headers.get_list("content-security-policy")
    assert len(policies) == 1  # one policy: a second one would be enforced as well
    directives = dict(
        (part.split()[0], part.split()[1:]) for part in policies[0].split(";") if part.strip()
    )
    assert directives["default-src"] == ["'none'"]
    assert directives["script-src"] == ["'self'"]  # no inline script, no eval, no CDN
    assert "'unsafe-inline'" not in directives.get("style-src", [])
    assert "<script>" not in response.text  # the initialiser is a file of its own
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "api-docs.js"):
        assert f"/api/v1/docs/{asset}" in response.text
        served = httpx.get(f"{demo.base}/api/v1/docs/{asset}")
        assert served.status_code == 200, asset
        assert "max-age" in served.headers["cache-control"]
