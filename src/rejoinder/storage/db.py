"""Engines and sessions: one AsyncEngine per process, one session per request or job.

With a read replica configured (ADR 0019) there is a second engine, and `ReplicaHealth` says
whether to try it: after a failure the replica is skipped for a cool-down, so that readers do
not each wait for a connection that will not come.
"""

from __future__ import annotations

import logging
import sqlite3
from time import monotonic
from typing import Any

import asyncpg  # type: ignore[import-untyped]  # ships no type information
from sqlalchemy import event, make_url
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry

from rejoinder.storage import inline_sqlite

log = logging.getLogger(__name__)

REPLICA_CONNECT_SECONDS = 2.0  # a replica that does not answer by then is taken as down
REPLICA_COOLDOWN_SECONDS = 5.0  # how long reads skip a replica that failed before trying again


SYNCHRONOUS = ("NORMAL", "FULL")  # what SQLite's `synchronous` may be set to (durability)


def _sqlite_tuner(synchronous: str) -> Any:
    if synchronous not in SYNCHRONOUS:
        raise ValueError(f"synchronous must be one of {SYNCHRONOUS}, not {synchronous!r}")

    def tune(dbapi_connection: DBAPIConnection, record: ConnectionPoolEntry) -> None:
        _tune_sqlite(dbapi_connection, record, synchronous)

    return tune


def _tune_sqlite(
    dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry, synchronous: str = "NORMAL"
) -> None:
    """Statements run inline on the loop (storage/inline_sqlite.py): SQLite itself must never
    wait for a lock there, so its busy timeout is 0 and the wait happens in the connection."""
    # WAL lets readers run while a writer commits; foreign keys are off by default in SQLite.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA synchronous={synchronous}")  # one of SYNCHRONOUS, checked above
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=0")
    # A large story's hot index pages stay in memory (SQLite's default cache is 2 MB).
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.execute("PRAGMA mmap_size=268435456")
    cursor.close()


def create_engine(url: str, sqlite_synchronous: str = "NORMAL", **kwargs: Any) -> AsyncEngine:
    """An engine for SQLite (aiosqlite, with `synchronous` as given) or PostgreSQL (asyncpg)."""
    # A failed statement's error would otherwise carry its parameters (addresses, names) into
    # the logs (SECURITY 34).
    kwargs.setdefault("hide_parameters", True)
    if url.startswith("sqlite"):
        tune = _sqlite_tuner(sqlite_synchronous)
        kwargs.setdefault("async_creator", _inline_connector(url))
        engine = create_async_engine(url, **kwargs)
        event.listen(engine.sync_engine, "connect", tune)
        return engine
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("max_overflow", 20)
    kwargs.setdefault("pool_pre_ping", True)
    return create_async_engine(url, **kwargs)


def _inline_connector(url: str) -> Any:
    """Connections that run statements on the loop's thread (ADR 0020), to the file (and with
    the options) SQLAlchemy's own SQLite dialect reads from `url`."""
    parsed = make_url(url)
    args, params = parsed.get_dialect()().create_connect_args(parsed)
    return inline_sqlite.connector(*args, **params)


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


# asyncpg's own errors reach us unwrapped when a connection is being made: "the database system
# is starting up / shutting down" (class 57), connection failures (class 08), a closed connection.
_ASYNCPG_UNREACHABLE = (
    asyncpg.exceptions.OperatorInterventionError,
    asyncpg.exceptions.PostgresConnectionError,
    asyncpg.exceptions.ConnectionDoesNotExistError,
)
_UNREACHABLE = (OSError, TimeoutError, OperationalError, InterfaceError, *_ASYNCPG_UNREACHABLE)


def unreachable(error: BaseException) -> bool:
    """The database could not be reached or the connection was lost (restart, outage, network),
    or its disk is full (`disk_full`): not an answer to the statement (a constraint, a bad
    query), and worth a retry later."""
    if disk_full(error):
        return True
    if isinstance(error, DBAPIError):
        if error.connection_invalidated:
            return True
        # A server shutting down or starting refuses new connections (CannotConnectNowError,
        # 57P03): SQLAlchemy's asyncpg adapter wraps it, the original is the cause.
        if isinstance(getattr(error.orig, "__cause__", None), _ASYNCPG_UNREACHABLE):
            return True
    return isinstance(error, _UNREACHABLE)


# PostgreSQL's "disk full" (class 53, insufficient resources): "could not extend file ...: No
# space left on device" when a table, an index or a temporary file needs room.
_PG_DISK_FULL = "53100"


def disk_full(error: BaseException | None) -> bool:
    """The database's file system has no space left, from the error or any error it was raised
    from: SQLite's SQLITE_FULL ("database or disk is full"), PostgreSQL's DiskFullError (53100;
    SQLAlchemy's asyncpg adapter wraps it in a plain `DBAPIError`, whose `orig` has it as its
    cause). An outage an operator ends by freeing space (`unreachable` is true of it as well: a
    503 to retry, not a 500)."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, sqlite3.Error):
            code = getattr(error, "sqlite_errorcode", None)  # the extended code (Python 3.11)
            if code is not None and code & 0xFF == sqlite3.SQLITE_FULL:
                return True
        if isinstance(error, asyncpg.exceptions.DiskFullError):
            return True
        if getattr(error, "sqlstate", None) == _PG_DISK_FULL:  # the adapter's error has it too
            return True
        original = error.orig if isinstance(error, DBAPIError) else None
        error = original if isinstance(original, BaseException) else error.__cause__
    return False


def create_replica_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """An engine for a PostgreSQL read replica: a short connect timeout, checked connections."""
    kwargs.setdefault("connect_args", {"timeout": REPLICA_CONNECT_SECONDS})
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


class ReplicaHealth:
    """Whether reads should try the replica: a small circuit breaker, one warning per outage.

    After a failure the replica is skipped for `cooldown` seconds; then one read tries it (the
    others keep to the primary meanwhile) and either it answers (the outage is over) or the
    cool-down starts again.
    """

    def __init__(self, cooldown: float = REPLICA_COOLDOWN_SECONDS) -> None:
        self.cooldown = cooldown
        self.down = False
        self._retry_at = 0.0

    def usable(self) -> bool:
        if not self.down:
            return True
        now = monotonic()
        if now < self._retry_at:
            return False
        self._retry_at = now + self.cooldown  # this read tries it; the others wait their turn
        return True

    def failed(self, error: BaseException) -> None:
        self._retry_at = monotonic() + self.cooldown
        if not self.down:
            self.down = True
            # The class, not the message: a message can carry the address (SECURITY 34).
            log.warning(
                "read replica unavailable (%s): reads go to the primary; trying it again "
                "every %.0f s",
                type(error).__name__,
                self.cooldown,
            )

    def succeeded(self) -> None:
        if self.down:
            self.down = False
            log.warning("read replica answers again: anonymous reads go to it")
