"""Discussion insight for staff (issue 18): `GET .../insight`, its job, accepting an inferred reply.

On both databases: a small flat discussion posted through the API, its insight computed by the
debounced job and read by the site's moderator (401, 403 and 404 for everyone else); more
comments make the job compute it again; an accepted inferred reply becomes a real reply with
an audit entry. And the reference story, imported as the demo imports it: the obvious replies
are inferred.
"""

from __future__ import annotations

import asyncio
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from rejoinder.cli.importing import import_page_file
from rejoinder.services import auth, worker
from rejoinder.services.insight import DEBOUNCE
from rejoinder.storage.db import create_engine, session_factory
from rejoinder.storage.models import Account, AuditEntry, Comment, Job, Story, StoryInsight
from tests.conftest import FIXTURES, RELAXED, QueryCounter, make_site
from tests.helpers import cli_invoker, listing, post
from tests.integration.signed_in import SignedIn, sign_in
from tests.mailbox import shift_clock

STORY = "story-1"
PAGE = FIXTURES / "pages" / "wire-story-with-comments.txt"
URL = f"/api/v1/sites/news/stories/{STORY}/insight"
KEYS = {"viewpoints", "temperature", "questions", "inferred_replies"}
DISCUSSION = [
    ("Alice", "The harbour bridge toll should be scrapped: it hurts commuters every single day."),
    ("Bob", "Does anyone know when the council votes on the harbour bridge toll?"),
    ("Carol", "Bob: the council votes on the bridge toll next Tuesday, in the evening session."),
    ("Dave", "Commuters already pay enough for petrol and parking. Scrap the toll now."),
    ("Erin", "The toll pays for the bridge repairs. Who else would pay for the maintenance?"),
    ("Frank", "Erin, the state budget should pay for the bridge maintenance, like every road."),
]


async def _token(app: FastAPI, who: SignedIn) -> dict[str, str]:
    """An API token of the account, as a newsroom's server would send it."""
    async with session_factory(app.state.engine)() as db:
        account = await db.get(Account, who.account_id)
        assert account is not None
        _row, secret = await auth.create_api_token(db, app.state.runtime, account, "insight")
        await db.commit()
    return {"authorization": f"Bearer {secret}"}


async def _moderator(app: FastAPI) -> dict[str, str]:
    return await _token(app, await sign_in(app, "Desk", moderates=("news",)))


async def _discuss(client: httpx.AsyncClient, lines: list[tuple[str, str]]) -> list[int]:
    return [
        (await post(client, "news", STORY, body, author_name=name))["id"] for name, body in lines
    ]


async def _run_jobs_after(app: FastAPI, elapsed: timedelta) -> None:
    """The app's clock moves on by `elapsed`; the jobs due by then run."""
    shift_clock(app, elapsed)
    await worker.drain_all()


async def _insight(client: httpx.AsyncClient, headers: dict[str, str]) -> dict[str, Any]:
    response = await client.get(URL, headers=headers)
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    return data


def _check_ids(data: dict[str, Any], ids: set[int]) -> None:
    assert set(data) >= KEYS
    for viewpoint in data["viewpoints"]:
        assert set(viewpoint["comment_ids"]) <= ids
        assert set(viewpoint["representative_ids"]) <= set(viewpoint["comment_ids"])
    assert sum(interval["comments"] for interval in data["temperature"]) == len(ids)
    for question in data["questions"]:
        assert {question["comment_id"], *question["answer_ids"]} <= ids
    assert {r["comment_id"] for r in data["inferred_replies"]} == ids
    assert {r["parent_id"] for r in data["inferred_replies"]} <= ids | {None}


async def test_the_moderator_reads_it_and_the_job_computes_it_again(
    app: FastAPI, client: httpx.AsyncClient, site: str
) -> None:
    ids = await _discuss(client, DISCUSSION)
    headers = await _moderator(app)
    first = await _insight(client, headers)  # no job ran yet: computed for the request
    _check_ids(first, set(ids))
    assert first["comment_count"] == len(ids) and first["stale"] is False
    await _run_jobs_after(app, DEBOUNCE + timedelta(seconds=1))
    stored = await _insight(client, headers)
    _check_ids(stored, set(ids))
    asked = {q["comment_id"]: q["answer_ids"] for q in stored["questions"]}
    assert ids[1] in asked  # Bob's question
    more = await _discuss(client, [("Gina", "Erin is right: repairs need the toll money.")])
    waiting = await _insight(client, headers)
    assert waiting["comment_count"] == len(ids) and waiting["stale"] is True
    await _run_jobs_after(app, 2 * DEBOUNCE + timedelta(seconds=2))
    again = await _insight(client, headers)
    assert again["comment_count"] == len(ids) + 1 and again["stale"] is False
    _check_ids(again, {*ids, *more})


async def test_a_slot_costs_one_job_statement_per_process(
    app: FastAPI, client: httpx.AsyncClient, site: str, queries: QueryCounter
) -> None:
    """The debounced job is queued by the slot's first post; the slot's later posts send no
    statement for it (issue 15), and the next slot queues it again."""
    await _discuss(client, DISCUSSION[:3])
    insight_jobs = [s for s in queries.statements if "INSERT INTO jobs" in s]
    assert len(insight_jobs) == 1
    async with session_factory(app.state.engine)() as db:
        queued = (await db.execute(select(Job.key).where(Job.kind == "insight.story"))).all()
    assert len(queued) == 1
    shift_clock(app, DEBOUNCE)
    queries.reset()
    await _discuss(client, DISCUSSION[3:4])
    assert len([s for s in queries.statements if "INSERT INTO jobs" in s]) == 1


async def test_only_staff_of_the_site_read_it(
    app: FastAPI, client: httpx.AsyncClient, site: str
) -> None:
    await _discuss(client, DISCUSSION[:3])
    await make_site(app, "other", **RELAXED)
    reader = await sign_in(app, "Reader One")
    elsewhere = await _token(app, await sign_in(app, "Other Desk", moderates=("other",)))
    admin = await _token(app, await sign_in(app, "Ops", admin=True))
    assert (await client.get(URL)).status_code == 401
    assert (await client.get(URL, headers=reader.headers)).status_code == 403
    refused = await client.get(URL, headers=elsewhere)
    assert refused.status_code == 403 and refused.json()["error"]["code"]
    assert set(await _insight(client, admin)) >= KEYS
    unknown = await client.get("/api/v1/sites/news/stories/nope/insight", headers=admin)
    assert unknown.status_code == 404 and "error" in unknown.json()


def _accept_url(comment_id: int) -> str:
    return f"{URL}/replies/{comment_id}/accept"


async def test_accepting_an_inferred_reply_makes_it_a_real_reply(
    app: FastAPI, client: httpx.AsyncClient, site: str
) -> None:
    ids = await _discuss(client, DISCUSSION)
    headers = await _moderator(app)
    replies = (await _insight(client, headers))["inferred_replies"]
    carol = next(r for r in replies if r["comment_id"] == ids[2])
    assert carol["parent_id"] == ids[1] and carol["accepted"] is False  # "Bob: ..."
    later = await client.post(_accept_url(ids[2]), json={"parent_id": ids[4]}, headers=headers)
    assert later.status_code == 400, later.text
    accepted = await client.post(_accept_url(ids[2]), json={"parent_id": ids[1]}, headers=headers)
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["parent_id"] == ids[1] and accepted.json()["depth"] == 1
    again = await client.post(_accept_url(ids[2]), json={"parent_id": ids[1]}, headers=headers)
    assert again.status_code == 409 and again.json()["error"]["code"]
    page = (await listing(client, "news", STORY))["items"]  # each root, then its replies
    assert [item["id"] for item in page] == ids
    assert (page[1]["reply_count"], page[2]["parent_id"], page[2]["depth"]) == (1, ids[1], 1)
    assert [item["id"] for item in page if item["depth"] == 0] == [ids[0], ids[1], *ids[3:]]
    thread = await client.get(f"/api/v1/sites/news/comments/{ids[1]}/replies")
    assert [item["id"] for item in thread.json()["items"]] == [ids[2]]
    async with session_factory(app.state.engine)() as db:
        entries = (
            await db.execute(select(AuditEntry).where(AuditEntry.action == "comment.reparent"))
        ).scalars()
        (entry,) = list(entries)
    assert entry.target_id == str(ids[2]) and entry.after and entry.after["parent_id"] == ids[1]
    # The page still counts as flat: the next computation infers the others' replies too.
    await _run_jobs_after(app, DEBOUNCE + timedelta(seconds=1))
    after = {r["comment_id"]: r for r in (await _insight(client, headers))["inferred_replies"]}
    assert after[ids[2]]["accepted"] is True and len(after) == len(ids)
    reader = await sign_in(app, "Reader Two")
    refused = await client.post(_accept_url(ids[5]), json={"parent_id": ids[4]},
                                headers=reader.headers)  # fmt: skip
    assert refused.status_code == 403


async def test_the_reference_storys_obvious_replies_are_inferred(
    app: FastAPI, client: httpx.AsyncClient, site: str
) -> None:
    async with session_factory(app.state.engine)() as db:
        await import_page_file(db, app.state.runtime, PAGE, "news", "aukus-pillar-two", None, None)
        await db.commit()
        rows = await db.execute(select(Comment.id, Comment.author_name))
        authors = {row[0]: row[1] for row in rows}
    response = await client.get(
        "/api/v1/sites/news/stories/aukus-pillar-two/insight", headers=await _moderator(app)
    )
    assert response.status_code == 200, response.text
    data = response.json()
    assert data["comment_count"] == 25 and data["viewpoints"]
    linked = {
        (authors[r["comment_id"]], authors[r["parent_id"]])
        for r in data["inferred_replies"]
        if r["parent_id"] is not None
    }
    assert {("isabelle", "BertieWooster"), ("OssanAmerica", "Jtsnose")} <= linked


@pytest.mark.parametrize("body", [{}, {"parent_id": 0}, {"parent_id": "x"}])
async def test_a_bad_accept_body_is_a_clear_error(
    app: FastAPI, client: httpx.AsyncClient, site: str, body: dict[str, Any]
) -> None:
    ids = await _discuss(client, DISCUSSION[:3])
    response = await client.post(_accept_url(ids[2]), json=body, headers=await _moderator(app))
    assert response.status_code == 422 and "error" in response.json()


async def _stored(database_url: str) -> dict[str, int]:
    """Story key → the comment count of its stored insight."""
    engine = create_engine(database_url)
    try:
        async with session_factory(engine)() as db:
            query = select(Story.key, StoryInsight.comment_count).join(
                StoryInsight, StoryInsight.story_id == Story.id
            )
            return {key: count for key, count in await db.execute(query)}
    finally:
        await engine.dispose()


def test_the_demo_has_it_ready_and_the_cli_computes_it(clean_database: str, tmp_path: Path) -> None:
    invoke = cli_invoker(clean_database, tmp_path)
    demo = ("demo", "--no-serve", "--page", str(PAGE), "--story", "aukus-pillar-two")
    invoke(*demo, "--data-dir", str(tmp_path))
    assert asyncio.run(_stored(clean_database)) == {"aukus-pillar-two": 25}
    out = invoke("insight", "compute", "--site", "demo", "--story", "aukus-pillar-two")
    line = (
        r"aukus-pillar-two: 25 comments, \d+ viewpoints, \d+ intervals, \d+ questions, \d+ inferred"
    )
    assert re.match(line, out), out
    assert "no story" in invoke("insight", "compute", "--site", "demo", "--story", "x", expect=1)
