"""The editor's overview: comments per hour (SVG and its table), busy stories, queue health."""

from __future__ import annotations

import re
from datetime import timedelta

import httpx
from fastapi import FastAPI

from rejoinder.domain.enums import AccountRole
from rejoinder.services import user_admin
from rejoinder.storage.db import session_factory
from tests.conftest import RELAXED, make_site
from tests.helpers import post
from tests.integration.admin_helpers import make_staff, staff_client
from tests.mailbox import shift_clock

OVERVIEW = "/admin/sites/news/overview"
WORDS = {"banned_words": ["casino"], "suspect_words": ["crypto"]}


async def token_for(app: FastAPI, name: str) -> dict[str, str]:
    async with session_factory(app.state.engine)() as session:
        _row, secret = await user_admin.create_token(session, app.state.runtime, name, "test")
        await session.commit()
    return {"authorization": f"Bearer {secret}"}


def figure(page: str, name: str) -> str:
    """The text of the overview figure `data-figure=name` (links unwrapped)."""
    found = re.search(rf'<dd data-figure="{name}">(.*?)</dd>', page, re.S)
    assert found, f"no figure {name}"
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def bars(page: str) -> list[tuple[str, int]]:
    return [
        (hour, int(count))
        for hour, count in re.findall(
            r'<rect class="bar"[^>]* data-hour="([^"]+)" data-count="(\d+)"', page
        )
    ]


async def seed(app: FastAPI, client: httpx.AsyncClient) -> None:
    """Two hours ago: six comments on story-1 (two held, one rejected), one reported and one
    held comment approved; now: two on story-2."""
    shift_clock(app, timedelta(hours=-2))
    first = [await post(client, "news", "story-1") for _ in range(3)]
    held = [await post(client, "news", "story-1", f"crypto, {n}?", expect=202) for n in (1, 2)]
    rejected = await post(client, "news", "story-1", "Visit my casino", expect=202)
    assert [c["status"] for c in held] == ["pending", "pending"]
    assert rejected["status"] == "rejected"
    report = await client.post(
        f"/api/v1/sites/news/comments/{first[0]['id']}/reports", json={"reason": "spam"}
    )
    assert report.status_code == 201, report.text
    decided = await client.post(
        f"/api/v1/sites/news/moderation/comments/{held[0]['id']}",
        json={"action": "approve", "reason": "fine"},
        headers=await token_for(app, "Night Desk"),
    )
    assert decided.status_code == 200, decided.text
    shift_clock(app, timedelta(0))
    for _ in range(2):
        await post(client, "news", "story-2")


async def test_the_overview_counts_what_was_posted_and_how_the_queue_keeps_up(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await make_site(app, "news", moderation={**RELAXED["moderation"], **WORDS})
    await make_staff(app, "Night Desk", "desk@news.example", sites=("news",))
    await seed(app, client)
    desk = await staff_client(app, "desk@news.example")
    page = await desk.http.get(OVERVIEW)
    assert page.status_code == 200, page.text
    text = page.text

    counts = [count for _hour, count in bars(text)]
    assert counts == [6, 2]  # one bar per hour with comments, two hours apart
    assert len(re.findall(r'<rect class="bar"', text)) == 2
    assert re.search(
        r'<svg class="chart" role="img" aria-labelledby="chart-title chart-desc"', text
    )
    assert '<title id="chart-title">' in text and "8 comments in 48 hours" in text
    table = re.search(r'<table class="chart-numbers">(.*?)</table>', text, re.S)
    assert table
    cells = [int(n) for n in re.findall(r"<td>(\d+)</td>", table.group(1))]
    assert len(cells) == 48 and sorted(c for c in cells if c) == [2, 6] and sum(cells) == 8

    stories = re.findall(r'<tr data-story="([^"]+)">', text)
    assert stories == ["story-1", "story-2"]
    assert 'href="/admin/sites/news/queues/pending?story=story-1"' in text

    assert figure(text, "pending") == "1"
    assert figure(text, "oldest") == "2 h 0 min"
    assert figure(text, "decisions") == "0.0 (1 in 24 h)"
    assert figure(text, "reports") == "1"
    assert figure(text, "posted") == "8"
    assert figure(text, "held") == "2 (25.0 %)"
    assert figure(text, "rejected") == "1 (12.5 %)"


async def test_a_quiet_site_has_an_empty_chart_and_nothing_waiting(app: FastAPI) -> None:
    await make_site(app, "news")
    await make_staff(app, "Chief Editor", "chief@news.example", role=AccountRole.ADMIN)
    chief = await staff_client(app, "chief@news.example")
    page = await chief.http.get(OVERVIEW)
    assert page.status_code == 200
    assert bars(page.text) == []
    assert "No comments in the last 48 hours." in page.text
    assert figure(page.text, "pending") == "0"
    assert figure(page.text, "oldest") == "nothing waits"
    assert figure(page.text, "held") == "0 (0.0 %)"
    japanese = await chief.http.get(OVERVIEW, headers={"accept-language": "ja"})
    assert "直近48時間のコメントはありません。" in japanese.text


async def test_the_overview_is_for_the_sites_own_staff(app: FastAPI) -> None:
    await make_site(app, "news")
    await make_site(app, "sport")
    await make_staff(app, "Sport Desk", "sport@news.example", sites=("sport",))
    sport = await staff_client(app, "sport@news.example")
    refused = await sport.http.get(OVERVIEW)
    assert refused.status_code == 403
    assert "not a moderator of site &#39;news&#39;" in refused.text
    assert (await sport.http.get("/admin/sites/sport/overview")).status_code == 200
    assert (await sport.http.get("/admin/sites/nowhere/overview")).status_code == 404
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as anonymous:
        signed_out = await anonymous.get(OVERVIEW)
        assert signed_out.status_code == 303
        assert signed_out.headers["location"].startswith("/admin/login?next=")
