"""`rejoinder import page` on the reference page, through the CLI, on both databases."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest

from rejoinder.app import create_app
from rejoinder.config import Settings
from tests.conftest import FIXTURES
from tests.helpers import cli_invoker

PAGE = FIXTURES / "pages" / "wire-story-with-comments.txt"


@pytest.fixture
def rejoinder(clean_database: str, tmp_path: Path) -> Any:
    invoke = cli_invoker(clean_database, tmp_path)
    invoke("site", "create", "news", "--origin", "https://news.example")
    return invoke


def _api_listing(database_url: str, tmp_path: Path) -> dict[str, Any]:
    async def fetch() -> dict[str, Any]:
        app = create_app(Settings(database_url=database_url, data_dir=tmp_path))
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            response = await client.get(
                "/api/v1/sites/news/stories/aukus-pillar-two/comments",
                params={"sort": "oldest", "limit": 100},
            )
        await app.state.shutdown()
        data: dict[str, Any] = response.json()
        return data

    return asyncio.run(fetch())


def test_reference_page_imports_25_comments_once(
    rejoinder: Any, clean_database: str, tmp_path: Path
) -> None:
    args = ("import", "page", str(PAGE), "--site", "news", "--story", "aukus-pillar-two")
    assert "Imported 25 comments" in rejoinder(*args)
    assert "Imported 0 comments" in rejoinder(*args) and "25 already there" in rejoinder(*args)

    page = _api_listing(clean_database, tmp_path)
    authors = [item["author"]["name"] for item in page["items"]]
    assert page["total"] == 25 and len(authors) == 25
    assert authors[0] == "PTownsend" and authors[-1] == "TaiwanIsNotChina"
    assert Counter(authors)["isabelle"] == 3 and Counter(authors)["TaiwanIsNotChina"] == 4

    exported = json.loads(rejoinder("export", "--site", "news"))
    story = exported["stories"][0]
    assert story["title"].startswith("The U.S., Britain and Australia")
    paragraphs = sum(c["body_markdown"].count("\n\n") + 1 for c in story["comments"])
    assert paragraphs == 41  # every paragraph of every comment

    # Every imported comment went through moderation; none of this heated argument is hidden.
    # The abusive lines are flagged (#21 TokyoLiving, #8 Mark's slur), and so are four hostile
    # ones about states (docs/moderation.md, "The reference page": a known miss); the rest is not.
    assert {c["status"] for c in story["comments"]} == {"published"}
    assert all(c["moderation"]["action"] in ("publish", "flag") for c in story["comments"])
    flagged = [c["author"] for c in story["comments"] if c["moderation"]["action"] == "flag"]
    assert {"TokyoLiving", "Mark"} <= set(flagged)
    assert len(flagged) <= 8


def test_a_strict_site_flags_the_rude_comment_without_hiding_it(
    rejoinder: Any, clean_database: str
) -> None:
    strict = json.dumps({"moderation": {"thresholds": {"toxicity": {"hold": 0.45}}}})
    rejoinder("site", "update", "news", "--settings", strict)
    rejoinder("import", "page", str(PAGE), "--site", "news", "--story", "aukus-pillar-two")
    story = json.loads(rejoinder("export", "--site", "news"))["stories"][0]
    pirates = next(c for c in story["comments"] if c["author"] == "TokyoLiving")
    assert pirates["status"] == "published"  # an import was already public: flagged, not hidden
    assert pirates["moderation"]["action"] == "flag"
    assert any(r["code"] == "toxicity" for r in pirates["moderation"]["reasons"])


def test_mismatched_page_is_an_error_that_imports_nothing(rejoinder: Any, tmp_path: Path) -> None:
    broken = tmp_path / "broken.txt"
    broken.write_text(PAGE.read_text().replace("25 Comments", "24 Comments"))
    output = rejoinder("import", "page", str(broken), "--site", "news", "--story", "s", expect=1)
    assert "says 24 comments but 25 were parsed" in output
    exported = json.loads(rejoinder("export", "--site", "news"))
    assert exported["stories"] == []


def test_import_into_unknown_site_is_a_clear_error(rejoinder: Any) -> None:
    output = rejoinder("import", "page", str(PAGE), "--site", "nope", "--story", "s", expect=1)
    assert "There is no site 'nope'" in output


def test_site_update_changes_settings_and_keeps_the_rest(rejoinder: Any) -> None:
    rejoinder("site", "update", "news", "--settings", '{"edit_window_seconds": 60}')
    rejoinder("site", "update", "news", "--settings", '{"allow_guests": false}')
    rejoinder(
        "site", "update", "news", "--origin", "https://a.example", "--origin", "https://b.example"
    )
    listed = rejoinder("site", "list")
    assert "news\thttps://a.example https://b.example\t" in listed
    settings = json.loads(listed.strip().split("\t")[2])
    assert settings["edit_window_seconds"] == 60 and settings["allow_guests"] is False
    refused = rejoinder("site", "update", "news", "--settings", '{"edit_window": 1}', expect=1)
    assert "edit_window" in refused and "not valid" in refused
    assert "There is no site 'nope'" in rejoinder("site", "update", "nope", "--name", "x", expect=1)


def test_site_list_masks_sso_secrets(rejoinder: Any) -> None:
    secret = "publisher-shared-secret-" + "x" * 24
    sso = {"keys": [{"kid": "k1", "alg": "HS256", "secret": secret}],
           "issuer": "https://news.example", "audience": "rejoinder:news"}  # fmt: skip
    rejoinder("site", "update", "news", "--settings", json.dumps({"sso": sso}))
    listed = rejoinder("site", "list")
    assert secret not in listed
    shown = json.loads(listed.strip().split("\t")[2])["sso"]
    assert shown["keys"] == [{"kid": "k1", "alg": "HS256", "secret": "********"}]
    assert shown["issuer"] == "https://news.example"


def test_a_site_name_too_long_for_its_column_is_a_clear_error(rejoinder: Any) -> None:
    too_long = rejoinder("site", "create", "long", "--name", "N" * 201, expect=1)
    assert "at most 200 characters" in too_long
    refused = rejoinder("site", "update", "news", "--name", "N" * 201, expect=1)
    assert "at most 200 characters" in refused
    assert "control characters" in rejoinder("site", "update", "news", "--name", "a\x00b", expect=1)
