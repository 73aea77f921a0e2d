"""Group commit (services/post_writer.py, ADR 0020), on SQLite and PostgreSQL: posts that arrive
together are written together, every one is answered only once stored, and one post that cannot
be written fails alone."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from rejoinder.domain.requester import Requester
from rejoinder.services import comments
from rejoinder.services.comments import NewComment
from rejoinder.services.post_writer import PostWriter
from rejoinder.storage.db import session_factory
from rejoinder.storage.models import Comment, ModerationDecision, OutboxEvent, Story
from tests.conftest import ORIGIN, QueryCounter
from tests.helpers import STORY_URL, post

POSTS = 24


async def _stored(app: FastAPI, model: type[Comment | ModerationDecision | OutboxEvent]) -> int:
    async with session_factory(app.state.engine)() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def _prepared(app: FastAPI, site: str, count: int) -> list[comments.PreparedPost]:
    """Posts checked and judged as their requests would, waiting for the writer."""
    sessions = session_factory(app.state.engine)
    requester = Requester(ip="203.0.113.9", origin=ORIGIN, reader_key="reader-key")
    prepared = []
    for n in range(count):
        async with sessions() as session:
            new = NewComment(
                body=f"Post {n} on the plan.", author_name="Reader", story_url=STORY_URL
            )
            one = await comments.prepare_post(
                session, app.state.runtime, site, "story-1", new, requester
            )
            await session.commit()
        prepared.append(one)
    return prepared


async def test_posts_waiting_together_share_a_transaction_and_all_are_stored(
    app: FastAPI, site: str, queries: QueryCounter
) -> None:
    prepared = await _prepared(app, site, POSTS)
    writer = PostWriter(session_factory(app.state.engine), lambda: app.state.runtime, None)
    queries.reset()
    written = await asyncio.gather(*(writer.write(p) for p in prepared))
    await writer.close()
    assert len({w.comment.id for w in written}) == POSTS
    # One transaction of the writer's updates the story's counters once, however many it wrote.
    updates = [s for s in queries.statements if s.startswith("UPDATE stories SET comment_count")]
    assert len(updates) < POSTS / 2, f"{len(updates)} transactions for {POSTS} posts: not grouped"
    assert await _stored(app, Comment) == POSTS
    # Each comment has its audit entry and its event, written in the same transactions.
    assert await _stored(app, ModerationDecision) == POSTS
    assert await _stored(app, OutboxEvent) >= POSTS
    async with session_factory(app.state.engine)() as session:
        story = await session.scalar(select(Story))
        assert story is not None and story.comment_count == POSTS


async def test_concurrent_posts_over_http_are_all_stored_and_counted(
    app: FastAPI, client: httpx.AsyncClient, site: str
) -> None:
    await post(client, site, body="The story starts here.")
    written = await asyncio.gather(
        *(post(client, site, body=f"Comment number {n} on the plan.") for n in range(POSTS))
    )
    assert len({comment["id"] for comment in written}) == POSTS
    assert await _stored(app, Comment) == POSTS + 1
    story = (await client.get(f"/api/v1/sites/{site}/stories/story-1")).json()
    assert story["comment_count"] == POSTS + 1


async def test_replies_in_one_batch_count_on_their_parent(
    client: httpx.AsyncClient, site: str
) -> None:
    parent = await post(client, site, body="Where do the buses go?")
    await asyncio.gather(
        *(post(client, site, body=f"Reply {n}.", parent_id=parent["id"]) for n in range(10))
    )
    permalink = (await client.get(f"/api/v1/sites/{site}/comments/{parent['id']}")).json()
    assert permalink["comment"]["reply_count"] == 10


async def test_a_post_that_cannot_be_written_fails_alone(app: FastAPI, site: str) -> None:
    sessions = session_factory(app.state.engine)
    runtime = app.state.runtime
    prepared = await _prepared(app, site, 6)
    # Its parent is gone by the time it is written (checked, then deleted, say): the foreign key
    # refuses it at write time, inside a batch with five good posts.
    gone = Comment(id=999_999, story_id=prepared[0].story.id, depth=0, root_id=None)
    prepared[3] = replace(prepared[3], parent=gone)
    writer = PostWriter(sessions, lambda: runtime, app.state.write_lock)
    results = await asyncio.gather(*(writer.write(p) for p in prepared), return_exceptions=True)
    await writer.close()
    assert isinstance(results[3], IntegrityError)
    good = [r for i, r in enumerate(results) if i != 3]
    assert all(isinstance(r, comments.Written) for r in good), results
    assert await _stored(app, Comment) == 5


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_the_answer_comes_after_the_commit(
    app: FastAPI, client: httpx.AsyncClient, site: str
) -> None:
    """Read back from another connection the moment each answer arrives: it is there."""
    first = await post(client, site, body="Opening.")
    sessions = session_factory(app.state.engine)

    async def post_and_read(n: int) -> bool:
        created = await post(client, site, body=f"Then {n}.", parent_id=first["id"])
        async with sessions() as session:
            return await session.get(Comment, created["id"]) is not None

    assert all(await asyncio.gather(*(post_and_read(n) for n in range(12))))
