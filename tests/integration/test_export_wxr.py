"""`rejoinder export --format wxr`: WXR 1.2 for WordPress and Disqus, every field checked."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import httpx
from fastapi import FastAPI

from rejoinder.interop.exporters.wxr import cdata_sections, xml_text
from tests.helpers import cli_invoker
from tests.integration import rich_site
from tests.integration.rich_site import CDATA_TRAP, OTHER_URL, STAFF_NAME, STORY_URL, TRAP_NAME

NS = {
    "wp": "http://wordpress.org/export/1.2/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dsq": "http://www.disqus.com/",
}


async def _export_wxr(database_url: str, tmp_path: Path, *args: str) -> bytes:
    invoke = cli_invoker(database_url, tmp_path)
    out = tmp_path / "site.wxr"
    await asyncio.to_thread(invoke, "export", "--site", "news", "--format", "wxr",
                            "--output", str(out), *args)  # fmt: skip
    return out.read_bytes()


def _comments(item: ElementTree.Element) -> dict[int, dict[str, str]]:
    found = {}
    for comment in item.findall("wp:comment", NS):
        fields = {child.tag.split("}")[1]: child.text or "" for child in comment}
        found[int(fields["comment_id"])] = fields
    return found


def _items(xml: bytes) -> dict[str, ElementTree.Element]:
    root = ElementTree.fromstring(xml)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    assert channel is not None
    assert channel.findtext("wp:wxr_version", namespaces=NS) == "1.2"
    assert channel.findtext("wp:base_site_url", namespaces=NS) == "https://news.example"
    return {item.findtext("link") or "": item for item in channel.findall("item")}


async def test_wxr_holds_every_story_and_comment_field(
    app: FastAPI, client: httpx.AsyncClient, readers: Any, database_url: str, tmp_path: Path
) -> None:
    ids = (await rich_site.build(app, client, readers)).ids
    xml = await _export_wxr(database_url, tmp_path)
    items = _items(xml)
    assert set(items) == {STORY_URL, OTHER_URL}
    story = items[STORY_URL]
    assert story.findtext("wp:post_type", namespaces=NS) == "post"
    assert story.findtext("wp:status", namespaces=NS) == "publish"
    assert story.findtext("dsq:thread_identifier", namespaces=NS) == "story-1"
    assert (story.findtext("wp:post_date_gmt", namespaces=NS) or "")[:2] == "20"
    assert story.findtext("pubDate", "").endswith(" GMT")
    comments = _comments(story)
    assert set(comments) == {ids[k] for k in ids if k != "other"}

    guest = comments[ids["guest"]]
    assert guest["comment_author"] == "Cy" and guest["comment_author_email"] == "cy@example.org"
    assert guest["comment_content"] == "<p>Guest <em>with</em> email.</p>"
    assert guest["comment_approved"] == "1" and guest["comment_type"] == "comment"
    assert guest["comment_parent"] == "0" and guest["comment_author_IP"] == ""
    assert guest["comment_date"] == guest["comment_date_gmt"]
    assert len(guest["comment_date_gmt"]) == 19  # YYYY-MM-DD HH:MM:SS

    assert comments[ids["held"]]["comment_approved"] == "0"
    assert comments[ids["rejected"]]["comment_approved"] == "spam"
    tombstone = comments[ids["tombstone"]]
    assert tombstone["comment_approved"] == "trash" and tombstone["comment_content"] == ""
    assert comments[ids["deep"]]["comment_parent"] == str(ids["tombstone"])
    assert comments[ids["deepest"]]["comment_parent"] == str(ids["deep"])
    assert comments[ids["tombstone"]]["comment_parent"] == str(ids["top"])
    assert "<strong>edited</strong>" in comments[ids["edited"]]["comment_content"]
    assert comments[ids["account"]]["comment_author"] == STAFF_NAME
    assert "]]]]><![CDATA[>" in xml.decode()
    assert comments[ids["trap"]]["comment_author"] == TRAP_NAME
    assert "<code>]]&gt;</code>" in comments[ids["trap"]]["comment_content"]
    assert "&lt;b&gt;tags&lt;/b&gt;" in comments[ids["trap"]]["comment_content"]
    assert _comments(items[OTHER_URL]).keys() == {ids["other"]}


async def test_no_emails_leaves_guests_addresses_out(
    app: FastAPI, client: httpx.AsyncClient, readers: Any, database_url: str, tmp_path: Path
) -> None:
    ids = (await rich_site.build(app, client, readers)).ids
    xml = await _export_wxr(database_url, tmp_path, "--no-emails")
    assert b"cy@example.org" not in xml
    guest = _comments(_items(xml)[STORY_URL])[ids["guest"]]
    assert guest["comment_author_email"] == ""


def test_cdata_carries_its_own_terminator_and_drops_what_xml_cannot_hold() -> None:
    wrapped = cdata_sections("a]]>b")
    element = ElementTree.fromstring(f"<x>{wrapped}</x>")
    assert element.text == "a]]>b"
    assert xml_text("bell\x07 form\x0c tab\t ok") == "bell form tab\t ok"
    assert CDATA_TRAP.count("]]>") == 1


def _wordpress_round_trip(source_url: str, tmp_path: Path) -> dict[str, Any]:
    """Our WXR read back by our WordPress importer into an empty install, exported as JSON."""
    wxr = tmp_path / "site.wxr"
    cli_invoker(source_url, tmp_path)("export", "--site", "news", "--format", "wxr",
                                      "--output", str(wxr))  # fmt: skip
    target = cli_invoker(f"sqlite+aiosqlite:///{tmp_path / 'target.db'}", tmp_path)
    target("db", "upgrade")
    target("site", "create", "news", "--origin", "https://news.example")
    target("import", "wordpress", str(wxr), "--site", "news")
    out = tmp_path / "after.json"
    target("export", "--site", "news", "--output", str(out))
    data: dict[str, Any] = json.loads(out.read_text())
    return data


async def test_wordpress_importer_reads_our_wxr_back(
    app: FastAPI, client: httpx.AsyncClient, readers: Any, database_url: str, tmp_path: Path
) -> None:
    ids = (await rich_site.build(app, client, readers)).ids
    after = await asyncio.to_thread(_wordpress_round_trip, database_url, tmp_path)
    stories = {s["url"]: s for s in after["stories"]}
    assert set(stories) == {STORY_URL, OTHER_URL}
    by_source = {int(c["import_key"].split(":")[1]): c for c in stories[STORY_URL]["comments"]}
    assert set(by_source) == {ids[k] for k in ids if k != "other"}
    statuses = {name: by_source[ids[name]]["status"] for name in ("held", "rejected", "tombstone")}
    assert statuses == {"held": "pending", "rejected": "rejected", "tombstone": "deleted"}
    guest = by_source[ids["guest"]]
    assert guest["author"] == "Cy" and guest["author_email"] == "cy@example.org"
    assert guest["body_html"] == "<p>Guest <em>with</em> email.</p>"
    assert guest["like_count"] == 0  # WXR has no likes
    new_id = {source: c["id"] for source, c in by_source.items()}
    assert by_source[ids["deepest"]]["parent_id"] == new_id[ids["deep"]]
    assert by_source[ids["deep"]]["parent_id"] == new_id[ids["tombstone"]]
    assert by_source[ids["trap"]]["author"] == TRAP_NAME
