"""`rejoinder import disqus|wordpress` through the real CLI, on SQLite and PostgreSQL, with
fixtures written from the formats' documentation (tests/fixtures/imports/)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from rejoinder.app import create_app
from rejoinder.config import Settings
from tests.conftest import FIXTURES
from tests.helpers import assert_inert, cli_invoker
from tests.import_helpers import (
    by_key,
    events_and_jobs,
    insight_jobs,
    stored_comments,
    stored_stories,
)

IMPORTS = FIXTURES / "imports"
DISQUS = IMPORTS / "disqus.xml"
WXR_VERSIONS = [
    "wordpress-1.0.xml",
    "wordpress-1.1.xml",
    "wordpress-1.2.xml",
    "wordpress-https.xml",
]


@pytest.fixture
def rejoinder(clean_database: str, tmp_path: Path) -> Any:
    invoke = cli_invoker(clean_database, tmp_path)
    invoke("site", "create", "news", "--origin", "https://news.example")
    return invoke


def _listing(database_url: str, tmp_path: Path, story: str) -> dict[str, Any]:
    async def fetch() -> dict[str, Any]:
        app = create_app(Settings(database_url=database_url, data_dir=tmp_path))
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            response = await client.get(
                f"/api/v1/sites/news/stories/{story}/comments", params={"sort": "oldest"}
            )
        await app.state.shutdown()
        data: dict[str, Any] = response.json()
        return data

    return asyncio.run(fetch())


def _assert_no_source_html(html: str) -> None:
    assert_inert(html)
    for trace in ("script", "onclick", "onerror", "javascript", "alert(", "<img", "<b>"):
        assert trace not in html, html


# Disqus


def test_disqus_export_imports_threads_statuses_and_dates(
    rejoinder: Any, clean_database: str, tmp_path: Path
) -> None:
    output = rejoinder("import", "disqus", str(DISQUS), "--site", "news")
    assert "Imported 10 comments into site 'news'" in output
    assert "6 published, 1 held, 1 rejected, 2 deleted" in output
    assert "Stories: 3 created" in output
    assert "Skipped 1: story URL outside the site's origins" in output
    assert "line 124 (post 2008): unreadable date" in output  # the rest still imported

    comments = by_key(stored_comments(clean_database))
    assert set(comments) == {f"disqus:{n}" for n in (2001, 2002, 2003, 2004, 2005, 2006, 2007,
                                                     2009, 2010, 2012)}  # fmt: skip
    first = comments["disqus:2001"]
    assert first["created_at"] == datetime(2021, 9, 16, 10, 0, tzinfo=UTC)  # "3 years ago"
    assert first["story_key"] == "aukus-pillar-two"  # the thread's <id>
    assert (
        first["author_name"] == "Alice Reader" and first["author_email"] == "alice@reader.example"
    )
    assert '<a href="https://www.example.org/report"' in first["body_html"]
    assert "<strong>interesting</strong>" in first["body_html"]
    _assert_no_source_html(first["body_html"])
    assert "click me" in first["body_html"]  # the text of a dropped link stays

    # A reply listed before its parent is linked to it; a deleted parent is a tombstone.
    assert comments["disqus:2003"]["parent_key"] == "disqus:2002"
    assert comments["disqus:2003"]["depth"] == 1
    tombstone = comments["disqus:2004"]
    assert tombstone["status"] == "deleted" and tombstone["reply_count"] == 1
    assert tombstone["author_name"] == tombstone["body_src"] == "" and not tombstone["author_email"]
    assert comments["disqus:2005"]["parent_key"] == "disqus:2004"
    assert comments["disqus:2006"]["status"] == "rejected"
    assert comments["disqus:2009"]["status"] == "pending"
    assert comments["disqus:2002"]["reply_count"] == 1

    stories = {s["url"]: s for s in stored_stories(clean_database)}
    empty_id = stories["https://news.example/opinion/a-thread-without-an-identifier"]
    assert empty_id["key"] == "opinion-a-thread-without-an-identifier"  # keyed by its link
    assert "https://news.example/late/thread-defined-after-its-posts" in stories
    assert "https://partner.example/syndicated-story" not in stories
    assert stories["https://news.example/world/2021/aukus-pillar-two"]["comment_count"] == 4

    # No personal data beyond the staff-only email; no IP address anywhere.
    assert not any("203.0.113" in str(value) for c in comments.values() for value in c.values())
    # History sends nothing: no event, no job (no reply mail, no webhook).
    assert events_and_jobs(clean_database) == (0, 0)
    assert insight_jobs(clean_database) == len(stories)  # each story's insight, once

    page = _listing(clean_database, tmp_path, "aukus-pillar-two")
    dates = {item["created_at"][:16] for item in page["items"]}
    assert "2021-09-16T10:00" in dates


def test_importing_the_same_export_twice_adds_nothing(rejoinder: Any, clean_database: str) -> None:
    rejoinder("import", "disqus", str(DISQUS), "--site", "news")
    again = rejoinder("import", "disqus", str(DISQUS), "--site", "news")
    assert "Imported 0 comments" in again and "10 already there" in again
    assert len(stored_comments(clean_database)) == 10


def test_foreign_urls_are_imported_only_when_allowed(rejoinder: Any, clean_database: str) -> None:
    output = rejoinder("import", "disqus", str(DISQUS), "--site", "news", "--allow-foreign-urls")
    assert "Imported 11 comments" in output and "outside" not in output
    urls = {c["story_url"] for c in stored_comments(clean_database)}
    assert "https://partner.example/syndicated-story" in urls


def test_a_dry_run_prints_the_summary_and_writes_nothing(
    rejoinder: Any, clean_database: str
) -> None:
    output = rejoinder("import", "disqus", str(DISQUS), "--site", "news", "--dry-run")
    assert "Would import 10 comments" in output and "Dry run: nothing was written." in output
    assert stored_comments(clean_database) == [] and stored_stories(clean_database) == []


def test_strict_stops_at_the_first_malformed_record_and_writes_nothing(
    rejoinder: Any, clean_database: str
) -> None:
    output = rejoinder("import", "disqus", str(DISQUS), "--site", "news", "--strict", expect=1)
    assert "line 124 (post 2008): unreadable date" in output and "nothing was imported" in output
    assert stored_comments(clean_database) == []


def test_a_file_without_comments_is_an_error(rejoinder: Any) -> None:
    output = rejoinder(
        "import", "disqus", str(IMPORTS / "disqus-threads-only.xml"), "--site", "news", expect=1
    )
    assert "holds no comments to import" in output


def test_an_xml_bomb_is_refused(rejoinder: Any, clean_database: str) -> None:
    output = rejoinder(
        "import", "disqus", str(IMPORTS / "billion-laughs.xml"), "--site", "news", expect=1
    )
    assert "declares XML entities" in output and "billion laughs" in output
    assert stored_stories(clean_database) == []


def test_xml_that_is_not_well_formed_is_a_clear_error(rejoinder: Any, tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text(DISQUS.read_text()[:3000])
    output = rejoinder("import", "wordpress", str(broken), "--site", "news", expect=1)
    assert "broken.xml is not well-formed XML" in output


# WordPress


@pytest.mark.parametrize("fixture", WXR_VERSIONS)
def test_every_wxr_version_imports_alike(rejoinder: Any, clean_database: str, fixture: str) -> None:
    output = rejoinder("import", "wordpress", str(IMPORTS / fixture), "--site", "news")
    assert "Imported 8 comments" in output
    assert "5 published, 1 held, 1 rejected, 1 deleted" in output
    assert "Skipped 2: pingback or trackback" in output
    assert "Skipped 1: story URL outside the site's origins" in output
    assert "(comment 10): unreadable date" in output

    comments = by_key(stored_comments(clean_database))
    first = comments["wordpress:1"]
    assert first["story_url"] == "https://news.example/2019/05/budget-day/"
    assert first["story_key"] == "2019-05-budget-day"
    assert first["created_at"] == datetime(2019, 5, 1, 10, 0, tzinfo=UTC)  # comment_date_gmt
    assert first["body_html"].count("<p>") == 2 and "<br>" in first["body_html"]
    assert '<a href="https://www.example.org/budget"' in first["body_html"]
    _assert_no_source_html(first["body_html"])
    assert comments["wordpress:3"]["parent_key"] == "wordpress:2"  # a reply before its parent
    assert comments["wordpress:4"]["status"] == "rejected"  # spam
    assert comments["wordpress:5"]["status"] == "deleted"  # trash, kept for its reply
    assert comments["wordpress:5"]["reply_count"] == 1
    assert comments["wordpress:6"]["parent_key"] == "wordpress:5"
    assert comments["wordpress:9"]["status"] == "pending"
    assert comments["wordpress:11"]["story_url"] == "https://news.example/about/"  # a page
    assert not {"wordpress:7", "wordpress:8", "wordpress:12"} & set(comments)


def test_a_newer_export_adds_only_what_is_new(
    rejoinder: Any, clean_database: str, tmp_path: Path
) -> None:
    full = (IMPORTS / "wordpress-1.2.xml").read_text()
    start = full.index("\t<item>\n\t\t<title>About us")
    older = tmp_path / "older.xml"
    older.write_text(full[:start] + full[full.index("\t<item>\n\t\t<title>logo.png") :])
    assert "Imported 7 comments" in rejoinder("import", "wordpress", str(older), "--site", "news")
    newer = rejoinder("import", "wordpress", str(IMPORTS / "wordpress-1.2.xml"), "--site", "news")
    assert "Imported 1 comments" in newer and "7 already there" in newer
    assert len(stored_comments(clean_database)) == 8
