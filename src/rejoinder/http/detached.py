"""Work a request hands over to run after its answer, in a transaction of its own.

For requests whose answer must not depend on what the work finds (a password reset for an
address that may or may not have an account): the handler looks nothing up, so every address
takes the same path while the reader waits. The transaction is the same as a request's: SQLite's
write lock, commit, then the after-commit effects (mail).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable

from fastapi import Request
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from rejoinder.services import background
from rejoinder.services.after_commit import transaction

Work = Callable[[AsyncSession], Awaitable[None]]


def run_after_answer(request: Request, work: Work, what: str) -> None:
    sessions: async_sessionmaker[AsyncSession] = request.app.state.sessions
    background.start(_in_transaction(sessions, request.app.state.write_lock, work), what)


async def _in_transaction(
    sessions: async_sessionmaker[AsyncSession], write_lock: asyncio.Lock | None, work: Work
) -> None:
    async with write_lock or contextlib.nullcontext(), transaction(sessions) as session:
        await work(session)
