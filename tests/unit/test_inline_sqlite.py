"""SQLite statements on the loop's thread (storage/inline_sqlite.py, ADR 0020): a lock another
process holds is waited for without stopping the loop, and not for ever."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from rejoinder.storage import inline_sqlite
from rejoinder.storage.db import create_engine


def _hold_write_lock(path: Path, seconds: float, held: threading.Event) -> None:
    """Another process's writer: the write lock taken, kept `seconds`, then committed."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO t VALUES (1)")
    held.set()
    time.sleep(seconds)
    other.execute("COMMIT")
    other.close()


async def _setup(tmp_path: Path) -> Path:
    path = tmp_path / "inline.db"
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TABLE t (x INTEGER)"))
    await engine.dispose()
    return path


async def test_a_write_waits_for_another_writer_while_the_loop_runs(tmp_path: Path) -> None:
    path = await _setup(tmp_path)
    held = threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(path, 0.4, held))
    holder.start()
    held.wait()
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    ticking = asyncio.create_task(ticker())
    try:
        started = time.monotonic()
        async with engine.begin() as connection:
            await connection.execute(text("INSERT INTO t VALUES (2)"))
        waited = time.monotonic() - started
    finally:
        ticking.cancel()
        await engine.dispose()
        holder.join()
    assert 0.3 < waited < 2.0
    assert ticks >= 15, f"the loop ran {ticks} times in {waited:.2f} s: it was blocked"
    rows = sqlite3.connect(path).execute("SELECT x FROM t ORDER BY x").fetchall()
    assert rows == [(1,), (2,)]


async def test_a_lock_held_too_long_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(inline_sqlite, "BUSY_WAIT_SECONDS", 0.2)
    path = await _setup(tmp_path)
    held = threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(path, 1.0, held))
    holder.start()
    held.wait()
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    try:
        started = time.monotonic()
        with pytest.raises(Exception, match="locked"):
            async with engine.begin() as connection:
                await connection.execute(text("INSERT INTO t VALUES (2)"))
        assert time.monotonic() - started < 0.9
    finally:
        await engine.dispose()
        holder.join()


async def test_statements_do_not_leave_the_loop_thread(tmp_path: Path) -> None:
    """The point of it: a statement runs on the calling thread, no hand-off to another."""
    path = await _setup(tmp_path)
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    seen: list[int] = []
    try:
        async with engine.connect() as connection:
            raw = await connection.get_raw_connection()
            driver = raw.driver_connection
            assert isinstance(driver, inline_sqlite.InlineConnection)
            await driver._execute(lambda: seen.append(threading.get_ident()))
    finally:
        await engine.dispose()
    assert seen == [threading.get_ident()]


async def test_a_commit_with_nothing_written_takes_no_hop(tmp_path: Path) -> None:
    """Reads open no transaction: their commit returns at once. A write's commit still goes
    to aiosqlite's thread, and what it wrote is there for another connection."""
    path = await _setup(tmp_path)
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    hops: list[str] = []
    try:
        async with engine.connect() as connection:
            raw = await connection.get_raw_connection()
            driver = raw.driver_connection
            assert isinstance(driver, inline_sqlite.InlineConnection)
            sent = driver._in_thread

            async def counted(fn: Any) -> Any:
                hops.append(getattr(fn, "__name__", "?"))
                return await sent(fn)

            driver._in_thread = counted  # type: ignore[method-assign]
            await connection.execute(text("SELECT count(*) FROM t"))
            await connection.commit()
            assert hops == []
            await connection.execute(text("INSERT INTO t VALUES (7)"))
            await connection.commit()
            assert hops == ["commit"]
    finally:
        await engine.dispose()
    other = sqlite3.connect(path)
    assert other.execute("SELECT x FROM t").fetchall() == [(7,)]
    other.close()
