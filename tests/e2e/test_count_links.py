"""count.js on a publisher's section front: every comment-count link filled from one request."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Request, Route, expect

from tests.e2e.server import SITE, DemoServer

pytestmark = pytest.mark.e2e


def section_front(server: DemoServer) -> str:
    """Three links to two stories: by story id, by the link's own URL, and in Japanese."""
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Politics</title></head><body><main><h1>Politics</h1><ul>
<li><a id="key" href="/publisher/count-a#comments" data-rejoinder-count="count-a">Comments</a></li>
<li><a id="by-url" href="{server.base}/publisher/count-a" data-rejoinder-count>Comments</a></li>
<li lang="ja"><a id="ja" href="/publisher/count-b" data-rejoinder-count="count-b">コメント</a></li>
</ul></main>
<script src="{server.base}/count.js" data-site="{SITE}" async></script>
</body></html>"""


def test_count_js_fills_every_link_from_one_request(page: Page, demo: DemoServer) -> None:
    for n in range(2):
        demo.post("count-a", f"A first view of story A, number {n}.")
    demo.post("count-b", "The one view of story B.")
    counts_requests: list[str] = []

    def record(request: Request) -> None:
        if "/counts?" in request.url:
            counts_requests.append(request.url)

    def fulfil(route: Route) -> None:
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=section_front(demo))

    page.on("request", record)
    page.route(f"{demo.base}/publisher/front", fulfil)
    page.goto(f"{demo.base}/publisher/front")

    expect(page.locator("#key")).to_have_text("2 Comments")
    expect(page.locator("#by-url")).to_have_text("2 Comments")
    expect(page.locator("#ja")).to_have_text("コメント 1 件")
    assert len(counts_requests) == 1
    assert "story=count-a" in counts_requests[0] and "story=count-b" in counts_requests[0]
