"""First page of a 100-comment story vs a 100,000-comment story, uncached, in-process, on
SQLite and on PostgreSQL.

Run: `.venv/bin/python -m bench.page_cost`. The comments are bulk-inserted (this measures reads).
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bench._harness import postgres_database_async, report
from rejoinder.domain.enums import SortOrder
from rejoinder.services import threads
from rejoinder.storage.db import create_engine, session_factory
from rejoinder.storage.migrate import upgrade
from rejoinder.storage.models import Comment, Site, Story

SIZES = (100, 100_000)
ROUNDS = 30
PAGE = 20  # top-level comments per page: the 100-comment story has exactly 20


async def _seed(session_maker: async_sessionmaker[AsyncSession], size: int, story_id: int) -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    rows: list[dict[str, object]] = []
    for n in range(size):
        is_reply = n % 5 != 0  # one top-level comment, then four replies to it
        root = (n // 5) * 5 + 1 + (story_id - 1) * 1_000_000
        rows.append(
            {
                "id": n + 1 + (story_id - 1) * 1_000_000,
                "site_id": 1,
                "story_id": story_id,
                "parent_id": root if is_reply else None,
                "root_id": root if is_reply else None,
                "depth": 1 if is_reply else 0,
                "author_name": "bench",
                "body_src": f"comment {n}",
                "body_html": f"<p>comment {n}</p>",
                "status": "published",
                "reply_count": 0 if is_reply else 4,
                "like_count": n % 17,
                "version": 1,
                "moderation": {},
                "created_at": start + timedelta(seconds=n),
            }
        )
    async with session_maker() as session:
        for chunk in range(0, len(rows), 5_000):
            await session.execute(insert(Comment), rows[chunk : chunk + 5_000])
        await session.commit()


async def _time_first_page(
    session_maker: async_sessionmaker[AsyncSession], story_id: int, sort: SortOrder
) -> float:
    timings = []
    async with session_maker() as session:
        story = await session.get(Story, story_id)
        assert story is not None
        for _ in range(ROUNDS):
            started = time.perf_counter()
            await threads.story_page(session, story, sort, PAGE, None)
            timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


async def _measure(database: str, url: str) -> list[dict[str, object]]:
    engine = create_engine(url)
    await upgrade(engine)
    maker = session_factory(engine)
    async with maker() as session:
        session.add(Site(id=1, slug="b", name="b", allowed_origins=[], settings={}))
        for story_id, size in enumerate(SIZES, start=1):
            session.add(
                Story(
                    id=story_id,
                    site_id=1,
                    key=f"s{size}",
                    url="http://b/",
                    title="t",
                    comment_count=size,
                )
            )
        await session.commit()
    for story_id, size in enumerate(SIZES, start=1):
        await _seed(maker, size, story_id)
    if database == "postgresql":
        async with engine.connect() as connection:  # fresh statistics, as autovacuum would make
            await connection.execute(text("ANALYZE"))
            await connection.commit()
    rows: list[dict[str, object]] = []
    for sort in SortOrder:
        row: dict[str, object] = {"database": database, "sort": sort.value}
        for story_id, size in enumerate(SIZES, start=1):
            row[f"ms_{size}_comments"] = await _time_first_page(maker, story_id, sort)
        rows.append(row)
    await engine.dispose()
    return rows


async def main() -> None:
    with tempfile.TemporaryDirectory() as work:
        rows = await _measure("sqlite", f"sqlite+aiosqlite:///{Path(work) / 'bench.db'}")
    async with postgres_database_async("bench_page_cost") as url:
        rows += await _measure("postgresql", url)
    report("page_cost", rows, {"rounds": ROUNDS, "page_limit": PAGE})


if __name__ == "__main__":
    asyncio.run(main())
