"""Group commit for new comments (ADR 0020): one task writes the posts that arrive together in
one transaction, and each request waits for its own comment to be durable.

A request checks and judges its post in a session of its own (reads, which need no turn at the
writer); the writer then takes every post waiting, up to `MAX_BATCH`, writes them with
`comments.store_posts` in one transaction and commits once: one insert, one counter update per
story, one commit (and WAL sync, under synchronous=FULL) for the lot. Only then is each request
answered, so an acknowledged comment is as durable as the configured durability says.

A batch that fails is written again one post at a time, so that one post's error (a parent
gone since its checks, say) is that post's answer and nobody else's.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from rejoinder.services.after_commit import discard_effects, run_effects
from rejoinder.services.comments import PreparedPost, Written, store_posts
from rejoinder.services.runtime import Runtime

log = logging.getLogger(__name__)

MAX_BATCH = 64  # posts per transaction: enough to amortise a commit, short enough to wait for


@dataclass
class _Waiting:
    post: PreparedPost
    answer: asyncio.Future[Written] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )


class PostWriter:
    """Writes prepared posts in batches. `write_lock` is the process's turn at SQLite's one
    writer (None on PostgreSQL); `runtime` is read per batch (tests swap it)."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        runtime: Callable[[], Runtime],
        write_lock: asyncio.Lock | None,
    ) -> None:
        self._sessions = sessions
        self._runtime = runtime
        self._lock = write_lock
        self._waiting: list[_Waiting] = []
        self._task: asyncio.Task[None] | None = None

    async def write(self, post: PreparedPost) -> Written:
        """Write `post` with whatever else is waiting; returns once it has committed."""
        waiting = _Waiting(post)
        self._waiting.append(waiting)
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._drain())
        return await waiting.answer

    async def close(self) -> None:
        """Finish what is waiting (at shutdown)."""
        if self._task is not None:
            await asyncio.gather(self._task, return_exceptions=True)

    async def _drain(self) -> None:
        while self._waiting:
            batch, self._waiting = self._waiting[:MAX_BATCH], self._waiting[MAX_BATCH:]
            try:
                await self._write_batch(batch)
            except Exception as error:  # the batch rolled back: each post on its own
                if len(batch) == 1:
                    _fail(batch[0], error)
                    continue
                for waiting in batch:
                    try:
                        await self._write_batch([waiting])
                    except Exception as single:
                        _fail(waiting, single)

    async def _write_batch(self, batch: list[_Waiting]) -> None:
        if self._lock is None:
            await self._commit(batch)
            return
        async with self._lock:
            await self._commit(batch)

    async def _commit(self, batch: list[_Waiting]) -> None:
        rt = self._runtime()
        async with self._sessions() as session:
            try:
                written = await store_posts(session, rt, [waiting.post for waiting in batch])
                await session.commit()
            except BaseException:
                discard_effects(session)
                await session.rollback()
                raise
        try:
            run_effects(session)
        finally:  # committed: every post's answer is its comment, whatever an effect did
            for waiting, result in zip(batch, written, strict=True):
                if not waiting.answer.done():  # its request may have been cancelled meanwhile
                    waiting.answer.set_result(result)


def _fail(waiting: _Waiting, error: Exception) -> None:
    if not waiting.answer.done():
        waiting.answer.set_exception(error)
