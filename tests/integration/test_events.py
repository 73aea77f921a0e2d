"""Domain events: one outbox row in the transaction of each change, handed to subscribers only
after commit, nothing on rollback, handlers run as jobs, and events a dead process never handed
over are handed by the next drain. Through the real API, on both databases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.events import (
    CommentDecided,
    CommentEdited,
    CommentEvent,
    CommentHeld,
    CommentPublished,
    CommentRemoved,
    Event,
    ReportFiled,
)
from rejoinder.services import events, jobs
from rejoinder.services.after_commit import transaction
from rejoinder.services.runtime import Runtime
from rejoinder.services.worker import Worker
from rejoinder.storage.models import OutboxEvent
from tests.conftest import RELAXED, make_site
from tests.helpers import comments_url, post
from tests.integration.signed_in import sign_in


@dataclass(frozen=True)
class SomethingTested(Event):
    """An event of this test module only, with a handler registered the way a feature would."""

    n: int


HANDLED: list[int] = []


@events.on(SomethingTested, "test_something")
async def _handle(_session: AsyncSession, _rt: Runtime, event: SomethingTested) -> None:
    HANDLED.append(event.n)


@pytest.fixture
def heard(app: FastAPI) -> list[Event]:
    got: list[Event] = []
    app.state.runtime.events.subscribe(CommentEvent, got.append)
    return got


async def _outbox(app: FastAPI) -> list[OutboxEvent]:
    async with app.state.sessions() as session:
        return list((await session.execute(select(OutboxEvent).order_by(OutboxEvent.id))).scalars())


def _names(rows: list[OutboxEvent]) -> list[str]:
    return [row.type for row in rows]


async def test_a_published_comment_is_one_event_handed_over_after_commit(
    app: FastAPI, client: httpx.AsyncClient, site: str, heard: list[Event]
) -> None:
    comment = await post(client, site)
    story, row = await _outbox(app)
    assert story.type == "StoryCreated"  # its first comment started the story
    assert set(story.payload) == {"story_id", "site_id"}
    assert row.type == "CommentPublished"
    assert row.payload["comment_id"] == comment["id"]
    assert heard == [Event.load(row.type, row.payload)]
    # ids only, no text; `new`: the status event of a comment just written
    assert set(row.payload) == {"comment_id", "story_id", "site_id", "new"}
    assert row.payload["new"] is True


async def test_a_refused_post_emits_nothing(
    app: FastAPI, client: httpx.AsyncClient, site: str, heard: list[Event]
) -> None:
    await post(client, site)  # the story exists
    response = await client.post(
        comments_url(site, "story-1"),
        json={"body": "hello", "author_name": "Reader", "parent_id": 999_999},
    )
    assert response.status_code == 422
    assert _names(await _outbox(app)) == ["StoryCreated", "CommentPublished"] and len(heard) == 1


async def test_rolled_back_events_are_never_recorded_nor_handed(
    app: FastAPI, heard: list[Event]
) -> None:
    with pytest.raises(RuntimeError):
        async with transaction(app.state.sessions) as session:
            await events.emit(session, app.state.runtime, CommentPublished(1, 1, 1))
            raise RuntimeError("the change fails after the event")
    assert await _outbox(app) == [] and heard == []


async def test_each_status_change_is_its_event(
    app: FastAPI, client: httpx.AsyncClient, heard: list[Event]
) -> None:
    """On a pre-moderated site: held, approved by a moderator (published and decided),
    reported, rejected after all (removed and decided); another held and edited by its author."""
    await make_site(app, "pre", moderation={**RELAXED["moderation"], "mode": "pre"})
    moderator = await sign_in(app, "Mia", moderates=("pre",))
    held = await post(client, "pre", expect=202)

    async def decide(action: str) -> None:
        decided = await client.post(
            f"/api/v1/sites/pre/moderation/comments/{held['id']}",
            json={"action": action},
            headers=moderator.headers,
        )
        assert decided.status_code == 200, decided.text

    await decide("approve")
    report = await client.post(
        f"/api/v1/sites/pre/comments/{held['id']}/reports", json={"reason": "spam"}
    )
    assert report.status_code == 201, report.text
    await decide("reject")
    other = await post(client, "pre", expect=202)
    edited = await client.patch(
        f"/api/v1/sites/pre/comments/{other['id']}",
        json={"body": "a changed text"},
        headers={"x-edit-token": other["edit_token"]},
    )
    assert edited.status_code == 202, edited.text  # still held: no status event

    expected = [
        CommentHeld,
        CommentPublished,
        CommentDecided,
        ReportFiled,
        CommentRemoved,
        CommentDecided,
        CommentHeld,
        CommentEdited,
    ]
    assert _names(await _outbox(app)) == ["StoryCreated"] + [e.__name__ for e in expected]
    assert [type(e) for e in heard] == expected
    decisions = [e for e in heard if isinstance(e, CommentDecided)]
    assert [d.action for d in decisions] == ["approve", "reject"]
    assert all(
        isinstance(e, CommentEvent) and e.comment_id in (held["id"], other["id"]) for e in heard
    )


async def test_handlers_run_as_jobs_written_with_the_event(app: FastAPI) -> None:
    HANDLED.clear()
    async with transaction(app.state.sessions) as session:
        await events.emit(session, app.state.runtime, SomethingTested(5))
    worker = Worker(app.state.sessions, lambda: app.state.runtime, app.state.write_lock)
    outcomes = await worker.run_due()
    assert HANDLED == [5]
    assert [o.kind for o in outcomes if o.kind.startswith("event.")] == ["event.test_something"]
    assert jobs.kind("event.test_something").name == "event.test_something"
    worker.close()


async def test_events_a_dead_process_never_handed_over_are_handed_by_the_next_drain(
    app: FastAPI, heard: list[Event]
) -> None:
    """A process that stopped between commit and hand-off left its outbox row unhanded."""
    rt = app.state.runtime
    async with transaction(app.state.sessions) as session:
        session.add(
            OutboxEvent(
                type="CommentRemoved",
                payload={"comment_id": 9, "story_id": 2, "site_id": 3},
                created_at=rt.now() - timedelta(minutes=5),
            )
        )
    worker = Worker(app.state.sessions, lambda: rt, app.state.write_lock)
    await worker.keep_house()
    assert heard == [CommentRemoved(9, 2, 3)]
    [row] = await _outbox(app)
    assert row.handed_at is not None
    await worker.keep_house()
    assert len(heard) == 1  # handed once
    worker.close()


async def test_handed_events_are_marked_in_the_outbox_in_batches(
    app: FastAPI, client: httpx.AsyncClient, site: str, heard: list[Event]
) -> None:
    for _ in range(3):
        await post(client, site)
    assert all(row.handed_at is None for row in await _outbox(app))  # no statement per post
    worker = Worker(app.state.sessions, lambda: app.state.runtime, app.state.write_lock)
    await worker.keep_house()
    assert all(row.handed_at is not None for row in await _outbox(app))
    assert len(heard) == 3  # the drain did not hand them a second time
    worker.close()
