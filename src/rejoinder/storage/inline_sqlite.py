"""SQLite statements run on the event loop's own thread, commits on aiosqlite's (ADR 0020).

aiosqlite sends every call to a thread of its own and back: a statement on a local file that
takes SQLite 5 µs costs about 300 µs of the loop's CPU in hand-offs (measured: bench/sql_hops.py).
Here statements run where they are called; what can take long stays off the loop:

- A commit goes to aiosqlite's thread: it may sync the WAL (synchronous=FULL) or checkpoint.
  A commit with nothing written (sqlite3 opens a transaction at the first write only) returns
  at once: a post's checks commit their reads, and the hop was a third of a millisecond.
- A lock another process holds (two `serve` workers, a CLI command) is waited for here, in
  short sleeps that let the loop run, up to the same five seconds SQLite's busy timeout gave;
  the connection's own busy timeout is 0, so SQLite never blocks the loop waiting for it.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

import aiosqlite

T = TypeVar("T")

BUSY_WAIT_SECONDS = 5.0  # what `PRAGMA busy_timeout=5000` gave before
_FIRST_SLEEP, _LONGEST_SLEEP = 0.001, 0.05


def _busy(error: sqlite3.OperationalError) -> bool:
    """Another connection holds the lock: worth waiting for. A stale snapshot
    (SQLITE_BUSY_SNAPSHOT) is not: waiting cannot make it fresh."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is None:
        return "locked" in str(error)
    return bool(code == sqlite3.SQLITE_BUSY)


class InlineConnection(aiosqlite.Connection):
    """An aiosqlite connection whose statements run inline (see the module's docstring)."""

    async def _execute(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        if not self._running or not self._connection:
            raise ValueError("Connection closed")
        deadline = time.monotonic() + BUSY_WAIT_SECONDS
        pause = _FIRST_SLEEP
        while True:
            try:
                return fn(*args, **kwargs)
            except sqlite3.OperationalError as error:
                if not _busy(error) or time.monotonic() + pause > deadline:
                    raise
            await asyncio.sleep(pause)
            pause = min(pause * 2, _LONGEST_SLEEP)

    async def _in_thread(self, fn: Callable[[], T]) -> T:
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._tx.put_nowait((future, fn))
        return await future

    async def commit(self) -> None:
        if not self._conn.in_transaction:
            return  # nothing written since the last commit: no sync to wait for, no hop
        await self._in_thread(self._conn.commit)


def connector(database: str, **kwargs: Any) -> Callable[[], InlineConnection]:
    """An `async_creator` for SQLAlchemy: a new inline connection to `database`.

    The sqlite3 connection is made on aiosqlite's thread and used on the loop's as well, one at
    a time (the pool hands a connection to one session at a time), hence check_same_thread off.
    """
    kwargs = {**kwargs, "check_same_thread": False}

    def create() -> InlineConnection:
        connection = InlineConnection(partial(sqlite3.connect, database, **kwargs), 64)
        connection._thread.daemon = True  # as SQLAlchemy does for its own: exit never waits on it
        return connection

    return create
