"""The lossless round trip: export a site, import it into an empty install, export it again.

The source is each test database (SQLite and PostgreSQL); the target an empty SQLite file.
Compared field by field, ignoring only what must differ:
- comment `id` (and `parent_id` as a number): internal ids of another database; parents are
  compared through the id map (a reply keeps its parent);
- `import_key`: the imported comment records where it came from (`rejoinder:<old id>`);
- `moderation`: every import is scored again by the pipeline (ADR 0004), and a rejection
  imported carries "rejected at the source" instead of the moderator's reason;
- `account`: accounts are not exported, so an account's comment arrives as a guest's with the
  same name (there is no account to link it to in an empty install).
Not carried yet, and equal here only because the site leaves them at their defaults: a story's
settings, published/closed times, body and attribution
(docs/importing.md says so).
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI

from tests.helpers import cli_invoker
from tests.integration import rich_site

IGNORED_COMMENT = {"id", "parent_id", "import_key", "moderation", "account"}
IGNORED_STORY = {"comments"}


def _export(invoke: Any, out: Path) -> dict[str, Any]:
    invoke("export", "--site", "news", "--output", str(out))
    data: dict[str, Any] = json.loads(out.read_text())
    return data


def _round_trip(source_url: str, tmp_path: Path) -> tuple[dict[str, Any], dict[str, Any], str]:
    before = _export(cli_invoker(source_url, tmp_path), tmp_path / "before.json")
    target = cli_invoker(f"sqlite+aiosqlite:///{tmp_path / 'target.db'}", tmp_path)
    target("db", "upgrade")
    target("site", "create", "news", "--origin", "https://news.example")
    output = target("import", "rejoinder", str(tmp_path / "before.json"), "--site", "news")
    after = _export(target, tmp_path / "after.json")
    again = target("import", "rejoinder", str(tmp_path / "before.json"), "--site", "news")
    assert _export(target, tmp_path / "again.json") == after  # a second import adds nothing
    del again
    return before, after, output


def _without(record: dict[str, Any], ignored: set[str]) -> dict[str, Any]:
    return {name: value for name, value in record.items() if name not in ignored}


def _compare_story(before: dict[str, Any], after: dict[str, Any]) -> None:
    assert _without(after, IGNORED_STORY) == _without(before, IGNORED_STORY)
    old_id_of = {c["id"]: int(c["import_key"].split(":")[1]) for c in after["comments"]}
    old = {c["id"]: c for c in before["comments"]}
    assert sorted(old_id_of.values()) == sorted(old)
    for comment in after["comments"]:
        original = old[old_id_of[comment["id"]]]
        assert _without(comment, IGNORED_COMMENT) == _without(original, IGNORED_COMMENT)
        parent = comment["parent_id"]
        assert (old_id_of[parent] if parent else None) == original["parent_id"]


async def test_export_import_export_gives_the_same_discussions(
    app: FastAPI, client: httpx.AsyncClient, readers: Any, database_url: str, tmp_path: Path
) -> None:
    ids = (await rich_site.build(app, client, readers)).ids
    before, after, output = await asyncio.to_thread(_round_trip, database_url, tmp_path)
    assert output  # the summary
    assert after["format"] == before["format"] == "rejoinder-export/2"
    assert [s["id"] for s in after["stories"]] == [s["id"] for s in before["stories"]]
    for old_story, new_story in zip(before["stories"], after["stories"], strict=True):
        _compare_story(old_story, new_story)

    # The export held every kind of comment the round trip must carry.
    comments = {c["id"]: c for c in before["stories"][0]["comments"]}
    assert comments[ids["tombstone"]]["status"] == "deleted"
    assert comments[ids["held"]]["status"] == "pending"
    assert comments[ids["rejected"]]["status"] == "rejected"
    assert comments[ids["edited"]]["edited_at"] is not None
    assert comments[ids["top"]]["like_count"] == 3
    assert comments[ids["guest"]]["author_email"] == "cy@example.org"
    assert comments[ids["account"]]["account"] == {"name": rich_site.STAFF_NAME, "sso_id": None}
    assert comments[ids["deepest"]]["parent_id"] == ids["deep"]
