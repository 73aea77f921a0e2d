"""Live updates of a story (SSE) in one process: what goes out, to whom, and resuming.

The stream is read from the whole app as a server would call it (tests/live_client.py); the
comments are written through the API, so each event starts from a committed change.
"""

from __future__ import annotations

import asyncio

import httpx
from fastapi import FastAPI

from tests.conftest import RELAXED, make_site
from tests.helpers import listing, post
from tests.integration.signed_in import sign_in
from tests.live_client import LiveReader, parse_events

EVENTS = "/api/v1/sites/news/stories/story-1/events"
PRE = {"moderation": {**RELAXED["moderation"], "mode": "pre", "nudge_enabled": False}}


async def test_a_published_comment_reaches_a_reader_as_the_page_shows_it(
    app: FastAPI, client: httpx.AsyncClient, site: str
) -> None:
    await post(client, site)  # the story exists
    async with LiveReader(app, EVENTS) as reader:
        assert reader.status == 200
        assert reader.response_headers["content-type"].startswith("text/event-stream")
        assert reader.response_headers["x-accel-buffering"] == "no"
        assert reader.response_headers["access-control-allow-origin"] == "https://news.example"
        written = await post(client, site, body="Live from the press room.")
        event = await reader.next()
    assert event.name == "comment.published"
    assert event.id is not None and event.id.endswith("-2")  # the first post was number 1
    page = await listing(client, site)
    shown = next(item for item in page["items"] if item["id"] == written["id"])
    assert event.data == {"comment": shown, "count": 2}


async def test_a_stream_opened_before_the_first_comment_gets_it(
    app: FastAPI, client: httpx.AsyncClient, site: str
) -> None:
    async with LiveReader(app, EVENTS) as reader:
        written = await post(client, site)
        event = await reader.next()
    assert (event.name, event.data["comment"]["id"]) == ("comment.published", written["id"])


async def test_held_comments_never_go_out_and_an_approval_does(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await make_site(app, "news", **PRE)
    desk = await sign_in(app, "Night Desk", moderates=("news",))
    held = await post(client, "news", expect=202)
    async with LiveReader(app, EVENTS) as reader:
        await post(client, "news", expect=202)
        await reader.quiet()
        decide = f"/api/v1/sites/news/moderation/comments/{held['id']}"
        answer = await client.post(decide, json={"action": "approve"}, headers=desk.headers)
        assert answer.status_code == 200, answer.text
        event = await reader.next()
    assert (event.name, event.data["comment"]["id"]) == ("comment.published", held["id"])
    assert event.data["comment"]["body_html"]


async def test_edits_likes_and_removals_apply_in_place(
    app: FastAPI, client: httpx.AsyncClient, site: str, readers: object
) -> None:
    written = await post(client, site)
    comment = f"/api/v1/sites/news/comments/{written['id']}"
    token = {"x-edit-token": written["edit_token"]}
    other = readers("10.0.0.9")  # type: ignore[operator]
    async with LiveReader(app, EVENTS) as reader:
        edited = await client.patch(comment, json={"body": "Edited, clearer."}, headers=token)
        assert edited.status_code == 200, edited.text
        event = await reader.next()
        assert event.name == "comment.edited"
        assert "clearer" in event.data["comment"]["body_html"]

        liked = await other.post(f"{comment}/reactions", json={"kind": "like"})
        assert liked.status_code == 200, liked.text
        event = await reader.next()
        assert (event.name, event.data) == (
            "comment.reactions",
            {"id": written["id"], "like_count": 1},
        )

        token = {"x-edit-token": edited.json()["edit_token"]}  # an edit issues a new grant
        deleted = await client.delete(comment, headers=token)
        assert deleted.status_code == 204
        event = await reader.next()
    assert event.name == "comment.removed"
    assert event.data == {"id": written["id"], "count": 0, "comment": None}


async def test_a_burst_of_likes_goes_out_as_one_count_per_comment(
    app: FastAPI, client: httpx.AsyncClient, site: str, readers: object
) -> None:
    first, second = await post(client, site), await post(client, site, body="Another view.")
    async with LiveReader(app, EVENTS) as reader:
        for n in range(5):
            liker = readers(f"10.0.1.{n}")  # type: ignore[operator]
            for written in (first, second):
                url = f"/api/v1/sites/news/comments/{written['id']}/reactions"
                liked = await liker.post(url, json={"kind": "like"})
                assert liked.status_code == 200, liked.text
        events = [await reader.next(), await reader.next()]
        await reader.quiet()  # and nothing more: ten likes, two events
    assert sorted((e.name, e.data["id"], e.data["like_count"]) for e in events) == [
        ("comment.reactions", first["id"], 5),
        ("comment.reactions", second["id"], 5),
    ]
    assert events[0].id is not None and events[1].id is not None


async def test_a_reader_gets_nothing_from_an_author_they_muted(
    app: FastAPI, client: httpx.AsyncClient, site: str
) -> None:
    loud = await sign_in(app, "Loud Larry")
    muter = await sign_in(app, "Quiet Quinn")
    await post(client, site)
    answer = await client.post(
        "/api/v1/me/mutes", json={"account_id": loud.account_id}, headers=muter.headers
    )
    assert answer.status_code == 201, answer.text
    async with (
        LiveReader(app, EVENTS, headers=muter.headers) as muting,
        LiveReader(app, EVENTS) as everyone,
    ):
        await post(client, site, headers=loud.headers)
        assert (await everyone.next()).data["comment"]["author"]["account_id"] == loud.account_id
        await muting.quiet()
        civil = await post(client, site)
        assert (await muting.next()).data["comment"]["id"] == civil["id"]


async def test_a_reconnect_with_last_event_id_resumes_without_gaps_or_duplicates(
    app: FastAPI, client: httpx.AsyncClient, site: str
) -> None:
    await post(client, site)
    async with LiveReader(app, EVENTS) as reader:
        first = await post(client, site)
        seen = await reader.next()
        assert seen.data["comment"]["id"] == first["id"]
    missed = [(await post(client, site))["id"] for _ in range(3)]
    resume = {"last-event-id": seen.id or ""}
    async with LiveReader(app, EVENTS, headers=resume) as reader:
        replayed = [await reader.next() for _ in missed]
        later = await post(client, site)
        live = await reader.next()
        await reader.quiet()
    assert [e.data["comment"]["id"] for e in replayed] == missed
    assert live.data["comment"]["id"] == later["id"]
    numbers = [int((e.id or "").rsplit("-", 1)[1]) for e in [seen, *replayed, live]]
    assert numbers == list(range(numbers[0], numbers[0] + 5))


async def test_an_id_the_log_cannot_answer_asks_for_a_refetch(
    app: FastAPI, client: httpx.AsyncClient, site: str
) -> None:
    await post(client, site)
    for stale in ("someotherbus-3", "x"):  # another (restarted) bus; not an id of ours at all
        async with LiveReader(app, EVENTS, query=f"after={stale}") as reader:
            if stale == "x":
                await reader.quiet()  # nothing to resume from: a fresh start
                continue
            event = await reader.next()
        assert (event.name, event.data) == ("refetch", {"reason": "gap"})


async def test_an_idle_stream_gets_keep_alives_and_ends_after_its_lifetime(
    app: FastAPI, client: httpx.AsyncClient, site: str
) -> None:
    settings = app.state.runtime.settings
    settings.live_keepalive_seconds, settings.live_stream_seconds = 0.05, 0.5
    await post(client, site)
    async with LiveReader(app, EVENTS) as reader:
        await asyncio.wait_for(reader.ended.wait(), 5)
    assert reader.comments.count("keep-alive") >= 3


async def test_a_full_process_refuses_new_streams_with_retry_after(
    app: FastAPI, client: httpx.AsyncClient, site: str
) -> None:
    app.state.runtime.settings.live_max_connections = 1
    await post(client, site)
    async with LiveReader(app, EVENTS):
        refused = await client.get(EVENTS)
    assert refused.status_code == 503
    assert refused.headers["retry-after"] == "5"
    assert refused.json()["error"]["code"] == "unavailable"


async def test_unknown_sites_are_a_404(client: httpx.AsyncClient, site: str) -> None:
    answer = await client.get("/api/v1/sites/nowhere/stories/story-1/events")
    assert answer.status_code == 404


def test_event_parsing_keeps_an_unfinished_event_for_the_next_chunk() -> None:
    events, comments, rest = parse_events(
        ': hi\n\nid: a-1\nevent: x\ndata: {"n": 1}\n\nid: a-2\nev'
    )
    assert [e.data for e in events] == [{"n": 1}]
    assert (comments, rest) == (["hi"], "id: a-2\nev")
