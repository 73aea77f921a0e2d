"""Reading what an import wrote, straight from the database (any engine the suite runs on)."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import aliased

from rejoinder.storage.db import create_engine, session_factory
from rejoinder.storage.models import Comment, Job, OutboxEvent, Story


async def _comments(database_url: str) -> list[dict[str, Any]]:
    engine = create_engine(database_url)
    parent = aliased(Comment)
    query = (
        select(Comment, Story.url, Story.key, parent.import_key)
        .join(Story, Story.id == Comment.story_id)
        .outerjoin(parent, parent.id == Comment.parent_id)
        .order_by(Comment.id)
    )
    try:
        async with session_factory(engine)() as session:
            rows = (await session.execute(query)).all()
    finally:
        await engine.dispose()
    return [
        {
            "id": c.id, "story_url": url, "story_key": key, "import_key": c.import_key,
            "parent_key": parent_key, "parent_id": c.parent_id, "root_id": c.root_id,
            "depth": c.depth, "status": c.status, "created_at": c.created_at,
            "edited_at": c.edited_at, "like_count": c.like_count, "reply_count": c.reply_count,
            "author_name": c.author_name, "author_email": c.author_email,
            "body_src": c.body_src, "body_html": c.body_html,
            "action": (c.moderation or {}).get("action"),
        }
        for c, url, key, parent_key in rows
    ]  # fmt: skip


async def _stories(database_url: str) -> list[dict[str, Any]]:
    engine = create_engine(database_url)
    try:
        async with session_factory(engine)() as session:
            stories = (await session.execute(select(Story).order_by(Story.id))).scalars().all()
    finally:
        await engine.dispose()
    return [
        {"key": s.key, "url": s.url, "title": s.title, "comment_count": s.comment_count}
        for s in stories
    ]


def stored_comments(database_url: str) -> list[dict[str, Any]]:
    """Every comment, oldest row first, with its story's URL and key and its parent's key."""
    return asyncio.run(_comments(database_url))


def stored_stories(database_url: str) -> list[dict[str, Any]]:
    return asyncio.run(_stories(database_url))


def by_key(comments: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {c["import_key"]: c for c in comments}


async def _count(database_url: str, model: type[Any]) -> int:
    engine = create_engine(database_url)
    try:
        async with session_factory(engine)() as session:
            return len((await session.execute(select(model))).scalars().all())
    finally:
        await engine.dispose()


def events_and_jobs(database_url: str) -> tuple[int, int]:
    """Outbox events and jobs written: an import of history should write neither (but each
    story's insight job, queued at the import's end: see `insight_jobs`)."""
    jobs = asyncio.run(_job_kinds(database_url))
    return asyncio.run(_count(database_url, OutboxEvent)), len(jobs) - jobs.count(INSIGHT_JOB)


INSIGHT_JOB = "insight.story"


async def _job_kinds(database_url: str) -> list[str]:
    engine = create_engine(database_url)
    try:
        async with session_factory(engine)() as session:
            return list((await session.execute(select(Job.kind))).scalars())
    finally:
        await engine.dispose()


def insight_jobs(database_url: str) -> int:
    """The insight jobs an import queued: one per story it wrote to."""
    return asyncio.run(_job_kinds(database_url)).count(INSIGHT_JOB)
