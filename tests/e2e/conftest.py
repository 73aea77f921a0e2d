"""Browser tests: Debian's Chromium driven by Playwright against a real `rejoinder demo` process."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, Route, sync_playwright

from tests.e2e.server import SITE, DemoServer, start_demo

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = Path(__file__).parents[2] / "widget" / "node_modules" / "axe-core" / "axe.min.js"
# A function, not a bare expression: Playwright polls a bare expression with eval() inside the
# page, which the install's CSP (no 'unsafe-eval') refuses whenever the first check comes too soon.
FIRST_PAINT = "() => performance.getEntriesByName('rejoinder:first-comment').length > 0"


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """One Chromium for the package. Package scope matters: Playwright's sync API keeps an event
    loop running while it is started, which would break every asyncio test that runs after."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture(scope="package")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    """Shared by tests that only read the reference story or write to stories of their own."""
    with start_demo(tmp_path_factory.mktemp("demo")) as server:
        yield server


@pytest.fixture(scope="module")
def fresh_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    """A server of its own for a module that changes the reference story."""
    with start_demo(tmp_path_factory.mktemp("fresh")) as server:
        yield server


HostPage = Callable[..., Locator]


def publisher_html(
    server: DemoServer,
    story: str,
    *,
    site: str = SITE,
    head: str = "",
    attrs: str = "",
    inner: str = "",
) -> str:
    """A publisher's page on an allowed origin: the two pasted lines and nothing from us."""
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Publisher {story}</title>
{head}</head><body><main><h1>A story on a publisher's site</h1>
<script src="{server.base}/embed.js" async></script>
<rejoinder-comments site="{site}" story="{story}" {attrs}>{inner}</rejoinder-comments>
</main></body></html>"""


@pytest.fixture
def host_page(page: Page) -> HostPage:
    """Opens a publisher page (served through the browser's routing) and returns the widget."""

    def open_page(server: DemoServer, story: str, fragment: str = "", **html: str) -> Locator:
        url = f"{server.base}/publisher/{story}"
        body = publisher_html(server, story, **html)

        def fulfil(route: Route) -> None:
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=body)

        page.route(url, fulfil)
        page.goto(url + fragment)
        page.wait_for_function(FIRST_PAINT)
        return page.locator("rejoinder-comments")

    return open_page


def open_demo(page: Page, server: DemoServer, fragment: str = "") -> Locator:
    page.goto(server.base + "/" + fragment)
    page.wait_for_function(FIRST_PAINT)
    return page.locator("rejoinder-comments")


def authors(widget: Locator) -> list[str]:
    names: list[str] = widget.locator("article .author").evaluate_all(
        "nodes => nodes.map(n => n.firstChild.textContent)"
    )
    return names
