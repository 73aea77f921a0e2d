"""`rejoinder import isso FILE --site S`: an Isso SQLite database made with Isso's own schema."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from rejoinder.domain.enums import CommentStatus
from rejoinder.domain.imported import SourceComment, SourceProblem, SourceThread
from rejoinder.interop.importers.isso import read_isso, story_url
from tests.conftest import FIXTURES
from tests.helpers import cli_invoker

IMPORTS = FIXTURES / "imports"
BASE = "https://news.example"


def isso_database(path: Path, *extra: str) -> Path:
    """A database as Isso makes it: its schema, then the rows."""
    with sqlite3.connect(path) as connection:
        connection.executescript((IMPORTS / "isso_schema.sql").read_text())
        connection.executescript((IMPORTS / "isso_comments.sql").read_text())
        for statement in extra:
            connection.execute(statement)
    connection.close()
    return path


@pytest.fixture
def rejoinder(clean_database: str, tmp_path: Path) -> Any:
    invoke = cli_invoker(clean_database, tmp_path)
    invoke("site", "create", "news", "--origin", BASE)
    return invoke


def _exported(rejoinder: Any) -> dict[str, dict[str, Any]]:
    data = json.loads(rejoinder("export", "--site", "news"))
    return {story["url"]: story for story in data["stories"]}


def _by_text(story: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["body_markdown"] or f"tombstone {c['id']}": c for c in story["comments"]}


def test_threads_statuses_and_times_survive(rejoinder: Any, tmp_path: Path) -> None:
    database = isso_database(tmp_path / "comments.db")
    rejoinder("import", "isso", str(database), "--site", "news")
    stories = _exported(rejoinder)
    budget_url = f"{BASE}/2024/05/budget-vote.html"
    assert set(stories) == {budget_url, f"{BASE}/2024/06/untitled/"}  # /about had no comments
    budget = stories[budget_url]
    assert budget["title"] == "Budget vote passes"
    assert stories[f"{BASE}/2024/06/untitled/"]["title"]  # an empty title is filled in

    comments = _by_text(budget)
    first = comments["First, with **markdown**."]
    assert first["body_html"] == "<p>First, with <strong>markdown</strong>.</p>"
    assert first["author"] == "Ada" and first["author_email"] == "ada@example.org"
    assert first["like_count"] == 3 and first["status"] == "published"
    assert first["created_at"] == datetime.fromtimestamp(1700000000.25, UTC).isoformat()
    tombstone = next(c for c in budget["comments"] if c["status"] == "deleted")
    assert tombstone["parent_id"] == first["id"] and tombstone["body_html"] == ""
    reply = comments["A reply to the deleted one."]
    assert reply["parent_id"] == tombstone["id"]
    assert comments["Three deep."]["parent_id"] == reply["id"]
    assert comments["Awaiting a moderator."]["status"] == "pending"

    edited = stories[f"{BASE}/2024/06/untitled/"]["comments"][0]
    assert edited["edited_at"] == datetime.fromtimestamp(1700103600, UTC).isoformat()
    assert edited["author"]  # Isso's anonymous comment gets a name


def test_importing_twice_adds_nothing_and_ips_never_arrive(rejoinder: Any, tmp_path: Path) -> None:
    database = isso_database(tmp_path / "comments.db")
    rejoinder("import", "isso", str(database), "--site", "news")
    once = rejoinder("export", "--site", "news")
    rejoinder("import", "isso", str(database), "--site", "news")
    assert rejoinder("export", "--site", "news") == once
    for address in ("203.0.113.0", "198.51.100.0", "192.0.2.0"):
        assert address not in once


def test_a_newer_database_adds_only_what_is_new(rejoinder: Any, tmp_path: Path) -> None:
    database = isso_database(tmp_path / "comments.db")
    rejoinder("import", "isso", str(database), "--site", "news")
    with sqlite3.connect(database) as connection:
        connection.execute(
            "INSERT INTO comments (tid, id, parent, created, mode, text, author, voters) "
            "VALUES (1, 7, 1, 1700200000, 1, 'A later reply.', 'Eve', X'00')"
        )
    connection.close()
    rejoinder("import", "isso", str(database), "--site", "news")
    budget = _exported(rejoinder)[f"{BASE}/2024/05/budget-vote.html"]
    assert len(budget["comments"]) == 6
    assert _by_text(budget)["A later reply."]["parent_id"] == budget["comments"][0]["id"]


def test_base_url_places_the_paths_and_foreign_ones_need_a_flag(
    rejoinder: Any, tmp_path: Path
) -> None:
    database = isso_database(tmp_path / "comments.db")
    args = ("import", "isso", str(database), "--site", "news", "--base-url", "https://old.example")
    refused = rejoinder(*args)  # every story is outside the site's origins: reported, skipped
    assert "6 skipped" in refused and "outside the site's origins" in refused
    assert _exported(rejoinder) == {}
    rejoinder(*args, "--allow-foreign-urls")
    assert "https://old.example/2024/05/budget-vote.html" in _exported(rejoinder)


def test_a_file_that_is_not_isso_is_a_clear_error(rejoinder: Any, tmp_path: Path) -> None:
    not_sqlite = tmp_path / "notes.txt"
    not_sqlite.write_text("hello")
    assert "not an SQLite database" in rejoinder(
        "import", "isso", str(not_sqlite), "--site", "news", expect=1
    )
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE posts (id INTEGER)").connection.close()
    assert "no Isso tables" in rejoinder("import", "isso", str(other), "--site", "news", expect=1)


def test_reader_yields_threads_then_comments_and_reports_bad_rows(tmp_path: Path) -> None:
    database = isso_database(
        tmp_path / "comments.db",
        "INSERT INTO comments (tid, id, created, mode, text, voters) "
        "VALUES (1, 8, 1700300000, 9, 'odd mode', X'00')",
    )
    records = list(read_isso(database, BASE + "/"))
    threads = [r for r in records if isinstance(r, SourceThread)]
    assert [t.url for t in threads][:2] == [
        f"{BASE}/2024/05/budget-vote.html",
        f"{BASE}/2024/06/untitled/",
    ]
    comments = [r for r in records if isinstance(r, SourceComment)]
    assert [c.status for c in comments[:2]] == [CommentStatus.PUBLISHED, CommentStatus.DELETED]
    assert comments[0].author_url == "https://ada.example" and comments[0].body_format == "markdown"
    problems = [r for r in records if isinstance(r, SourceProblem)]
    assert [str(p) for p in problems] == ["comment 8: unknown mode 9 (1, 2 or 4 expected)"]
    assert records.index(threads[-1]) < records.index(comments[0])


def test_story_urls_join_paths_and_keep_full_urls() -> None:
    assert story_url("https://a.example/", "/x/y.html") == "https://a.example/x/y.html"
    assert story_url("https://a.example", "x") == "https://a.example/x"
    assert story_url("https://a.example", "https://b.example/z") == "https://b.example/z"
