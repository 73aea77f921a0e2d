"""The editor's insight page (issue 18): the reference story imported as the demo imports it,
read by the site's moderator in the dashboard (viewpoints with representative comments, the
temperature as SVG with its table, questions, suggested threads with an Accept form); accepting
one writes the comment's parent; recomputing stores it; a reader is refused; the weekly digest
lists the story."""

from __future__ import annotations

import re

import httpx
from fastapi import FastAPI
from sqlalchemy import select

from rejoinder.cli.importing import import_page_file
from rejoinder.domain.enums import AccountRole
from rejoinder.storage.db import session_factory
from rejoinder.storage.models import AuditEntry, Comment, StoryInsight
from tests.conftest import FIXTURES, make_site
from tests.helpers import post
from tests.integration.admin_helpers import StaffClient, make_staff, staff_client

PAGE = FIXTURES / "pages" / "wire-story-with-comments.txt"
STORY = "aukus-pillar-two"
URL = f"/admin/sites/news/stories/{STORY}/insight"
_TAGS = re.compile(r"<[^>]+>")


def _plain(html: str) -> str:
    return " ".join(_TAGS.sub("", html).split())


async def _reference(app: FastAPI) -> dict[int, str]:
    """The reference story imported on site `news`; comment id → author."""
    await make_site(app, "news")
    async with session_factory(app.state.engine)() as db:
        await import_page_file(db, app.state.runtime, PAGE, "news", STORY, None, None)
        await db.commit()
        return {row[0]: row[1] for row in await db.execute(select(Comment.id, Comment.author_name))}


async def _desk(app: FastAPI) -> StaffClient:
    await make_staff(app, "Night Desk", "desk@news.example", sites=("news",))
    return await staff_client(app, "desk@news.example")


def _section(page: str, name: str) -> str:
    found = re.search(rf'<section class="card"[^>]* id="{name}">(.*?)</section>', page, re.S)
    assert found, f"no section {name}"
    return found.group(1)


def _suggestions(page: str) -> list[tuple[int, int]]:
    return [
        (int(a), int(b))
        for a, b in re.findall(r'data-comment-id="(\d+)" data-parent-id="(\d+)"', page)
    ]


async def test_the_reference_story_reads_as_an_editor_needs(app: FastAPI) -> None:
    authors = await _reference(app)
    desk = await _desk(app)
    page = await desk.http.get(URL)
    assert page.status_code == 200, page.text
    text = page.text
    viewpoints = _section(text, "viewpoints")
    assert viewpoints.count('class="viewpoint"') >= 2
    assert re.search(r'data-figure="share">\d+ %', viewpoints)
    representatives = re.findall(r'<ul class="representatives">(.*?)</ul>', viewpoints, re.S)
    assert representatives and all(2 <= r.count("<li") <= 3 for r in representatives)
    assert f"/admin/sites/news/queues/all?story={STORY}&amp;sort=oldest#item-" in viewpoints
    assert re.search(r'data-figure="other">Comments in no viewpoint \(other\): \d+', viewpoints)
    temperature = _section(text, "temperature")
    assert '<svg class="chart temperature" role="img"' in temperature
    # The page came without times: runs of its comments in page order, not one 25-comment bar.
    counts = [int(n) for n in re.findall(r'<rect class="bar"[^>]* data-count="(\d+)"', temperature)]
    assert len(counts) > 1 and sum(counts) == 25, counts
    assert ">1\u20134<" in temperature and "Comments (page order)" in temperature
    assert "without times (an import)" in text
    assert '<table class="chart-numbers temperature-numbers">' in temperature
    questions = _section(text, "questions")
    assert questions.count('class="question"') >= 1
    threads = _section(text, "threads")
    pairs = {(authors[a], authors[b]) for a, b in _suggestions(threads)}
    assert {("isabelle", "BertieWooster"), ("OssanAmerica", "Jtsnose")} <= pairs
    assert "seems to answer" in threads and re.search(r"confidence \d+ %", threads)
    assert threads.count('name="csrf_token"') == threads.count("<form")
    assert f'action="{URL}/replies/' in threads
    # Every string in the page's language: German and Arabic (right to left).
    german = await desk.http.get(URL, headers={"accept-language": "de"})
    assert "Standpunkte" in german.text and "Vorgeschlagene Antwortketten" in german.text
    arabic = await desk.http.get(URL, headers={"accept-language": "ar"})
    assert 'dir="rtl"' in arabic.text and "وجهات النظر" in arabic.text


async def test_accepting_a_suggestion_writes_the_parent_and_leaves_the_list(app: FastAPI) -> None:
    authors = await _reference(app)
    desk = await _desk(app)
    suggested = _suggestions((await desk.http.get(URL)).text)
    by_names = {(authors[a], authors[b]): (a, b) for a, b in suggested}
    child, parent = by_names[("isabelle", "BertieWooster")]
    # Without the session's CSRF token: refused.
    forged = await desk.http.post(
        f"{URL}/replies/{child}/accept", data={"parent_id": str(parent)},
        headers=desk.form_headers,
    )  # fmt: skip
    assert forged.status_code == 403
    done = await desk.post(f"{URL}/replies/{child}/accept", {"parent_id": str(parent)})
    assert done.status_code == 303
    assert done.headers["location"] == f"{URL}?done=accepted&id={child}"
    after = await desk.http.get(done.headers["location"])
    assert f"Comment #{child} is now a reply" in after.text
    assert (child, parent) not in _suggestions(after.text)
    async with session_factory(app.state.engine)() as db:
        assert (await db.get(Comment, child)).parent_id == parent  # type: ignore[union-attr]
        entry = (
            await db.execute(select(AuditEntry).where(AuditEntry.action == "comment.reparent"))
        ).scalar_one()
        assert entry.target_id == str(child)
    # The htmx way: the suggestion is swapped for a message.
    other_child, other_parent = by_names[("OssanAmerica", "Jtsnose")]
    swapped = await desk.htmx(
        f"{URL}/replies/{other_child}/accept", {"parent_id": str(other_parent)}
    )
    assert swapped.status_code == 200
    assert f'data-accepted="{other_child}"' in swapped.text and 'role="status"' in swapped.text
    again = await desk.post(f"{URL}/replies/{other_child}/accept", {"parent_id": str(other_parent)})
    assert again.status_code == 409 and "already answers" in _plain(again.text)
    bad = await desk.post(f"{URL}/replies/{other_child}/accept", {"parent_id": "x"})
    assert bad.status_code == 400


async def test_recompute_stores_it(app: FastAPI) -> None:
    await _reference(app)
    desk = await _desk(app)
    first = await desk.http.get(URL)
    assert "Computed for this page" in first.text  # nothing stored yet: a read writes nothing
    done = await desk.post(f"{URL}/recompute", {})
    assert done.status_code == 303 and done.headers["location"] == f"{URL}?done=recomputed"
    async with session_factory(app.state.engine)() as db:
        stored = (await db.execute(select(StoryInsight))).scalar_one()
        assert stored.comment_count == 25
    after = await desk.http.get(done.headers["location"])
    assert "Recomputed just now." in after.text and "Computed for this page" not in after.text


async def test_only_the_sites_staff_see_it(app: FastAPI) -> None:
    await _reference(app)
    await make_site(app, "sport")
    await make_staff(app, "A Reader", "reader@news.example", role=AccountRole.READER)
    reader = await staff_client(app, "reader@news.example")
    assert (await reader.http.get(URL)).status_code == 403
    refused = await reader.post(f"{URL}/recompute", {})
    assert refused.status_code == 403
    await make_staff(app, "Sport Desk", "sport@news.example", sites=("sport",))
    sport = await staff_client(app, "sport@news.example")
    assert (await sport.http.get(URL)).status_code == 403
    assert (await sport.http.get("/admin/sites/news/digest")).status_code == 403
    desk = await _desk(app)
    missing = await desk.http.get("/admin/sites/news/stories/nope/insight")
    assert missing.status_code == 404
    reader.http.cookies.clear()
    again = await reader.http.get(URL)
    assert again.status_code == 303 and again.headers["location"].startswith("/admin/login?next=")


async def test_the_digest_lists_the_stories_and_links_their_insight(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await _reference(app)
    desk = await _desk(app)
    before = await desk.http.get("/admin/sites/news/digest")
    assert before.status_code == 200
    row = re.search(rf'<tr data-story="{STORY}">(.*?)</tr>', before.text, re.S)
    assert row and '<td data-figure="comments">25</td>' in row.group(1)
    assert "Insight not computed yet." in row.group(1)
    await desk.post(f"{URL}/recompute", {})
    after = await desk.http.get("/admin/sites/news/digest")
    row = re.search(rf'<tr data-story="{STORY}">(.*?)</tr>', after.text, re.S)
    assert row, after.text
    assert f'href="{URL}"' in row.group(1)
    assert re.search(r'data-figure="flagged-share">\d+ %', row.group(1))
    assert '<ul class="labels"><li>' in row.group(1)
    # The overview (of comments posted here, not imported) and the queue link the insight page.
    await post(client, "news", STORY, "Pillar Two needs Japan's shipyards.", expect=(201, 202))
    overview = await desk.http.get("/admin/sites/news/overview")
    assert f'href="{URL}"' in overview.text
    queue = await desk.http.get("/admin/sites/news/queues/all")
    assert f'href="{URL}" data-link="insight"' in queue.text
