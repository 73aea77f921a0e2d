"""A long discussion: load more by cursor, and permalinks to comments beyond the first page."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import HostPage
from tests.e2e.server import DemoServer

pytestmark = pytest.mark.e2e
COMMENTS = 150
WORDS = ["harbour", "tariff", "ferry", "council", "budget", "school", "river", "census",
         "museum", "bridge", "orchard", "tramline", "library", "festival", "quarry"]  # fmt: skip


def page_dump(count: int) -> str:
    """A page in the dump format `rejoinder import page` reads, with distinct comments."""
    lines = ["A long story that many readers discussed.", f"{count} Comments"]
    for n in range(1, count + 1):
        topic = " and ".join(WORDS[(n * k) % len(WORDS)] for k in (1, 3, 7))
        lines += [f"reader{n:03d}", f"Comment {n}: my view on the {topic} is number {n * 7919}."]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def long_story(demo: DemoServer, tmp_path_factory: pytest.TempPathFactory) -> str:
    dump: Path = tmp_path_factory.mktemp("long") / "long-story.txt"
    dump.write_text(page_dump(COMMENTS))
    demo.cli("import", "page", str(dump), "--site", "e2e", "--story", "long-story",
             "--url", f"{demo.base}/publisher/long-story", "--title", "A long story")  # fmt: skip
    return "long-story"


def test_load_more_pages_through_the_whole_story(
    host_page: HostPage, demo: DemoServer, long_story: str
) -> None:
    widget = host_page(demo, long_story)
    expect(widget.get_by_role("heading", name=f"{COMMENTS} Comments")).to_be_visible()
    articles = widget.locator("article")
    load_more = widget.get_by_role("button", name="Load more comments")
    expect(articles).to_have_count(50)
    load_more.click()
    expect(articles).to_have_count(100)
    expect(articles.nth(50)).to_be_focused()  # keyboard users go on where the new ones start
    load_more.click()
    expect(articles).to_have_count(COMMENTS)
    expect(load_more).to_be_hidden()
    expect(articles.last).to_contain_text(f"Comment {COMMENTS}:")


def test_permalink_beyond_the_first_page_is_loaded_and_highlighted(
    host_page: HostPage, demo: DemoServer, long_story: str
) -> None:
    widget = host_page(demo, long_story)
    target_id = widget.locator("article").first.get_attribute("id")
    assert target_id is not None
    wanted = int(target_id.removeprefix("comment-")) + 139  # the 140th comment, on page three
    target = widget.locator(f"article#comment-{wanted}")
    widget.page.evaluate(f"location.hash = '#comment-{wanted}'")
    expect(target).to_contain_text("Comment 140:")
    expect(target).to_have_class("highlight")
    expect(target).to_be_in_viewport()
