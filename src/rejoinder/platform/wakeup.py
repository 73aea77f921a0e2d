"""Waking job workers: an asyncio event in one process; PostgreSQL LISTEN/NOTIFY across many.

The NOTIFY is sent in the enqueuing transaction (`NOTIFY_SQL`), so PostgreSQL delivers it only
when the jobs are committed, to every listening process. Workers still look every few seconds
(a lost connection or a job that became due later), so a missed wake-up only delays.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

import asyncpg  # type: ignore[import-untyped]  # ships no type information
from sqlalchemy.engine import make_url

log = logging.getLogger(__name__)

CHANNEL = "rejoinder_jobs"
NOTIFY_SQL = f"NOTIFY {CHANNEL}"


class LocalWakeup:
    """Workers in this process, woken by jobs committed in this process."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        self._event.set()

    async def wait(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._event.wait(), seconds)
        self._event.clear()

    async def aclose(self) -> None:
        return None


class PostgresWakeup(LocalWakeup):
    """Also woken by NOTIFY from any process, over one LISTEN connection of its own."""

    def __init__(self, database_url: str) -> None:
        super().__init__()
        self._dsn = make_url(database_url).set(drivername="postgresql").render_as_string(False)
        self._connection: Any = None

    async def wait(self, seconds: float) -> None:
        if self._connection is None or self._connection.is_closed():
            await self._listen()
        await super().wait(seconds)

    async def _listen(self) -> None:
        try:
            self._connection = await asyncpg.connect(self._dsn)
            await self._connection.add_listener(CHANNEL, self._heard)
        except (OSError, asyncpg.PostgresError) as error:  # polling goes on meanwhile
            log.warning("Cannot LISTEN for new jobs: %s", type(error).__name__)
            self._connection = None

    def _heard(self, *_args: object) -> None:
        self.notify()

    async def aclose(self) -> None:
        if self._connection is not None and not self._connection.is_closed():
            await self._connection.close()
        self._connection = None


def wakeup_for(database_url: str) -> LocalWakeup:
    return PostgresWakeup(database_url) if database_url.startswith("postgresql") else LocalWakeup()
