"""PostgreSQL servers owned by a test: a primary to restart at will, or a primary with a
streaming replica (../shared/TESTING.md). They run as the `postgres` user in a directory it owns,
on free ports, and never touch the machine's own cluster.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from rejoinder.storage.db import create_engine
from rejoinder.storage.migrate import upgrade
from tests.processes import free_port, small_disk


def _bin_dir() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    if not found:
        raise RuntimeError("no PostgreSQL binaries under /usr/lib/postgresql")
    return found[-1].parent


BIN = _bin_dir()
# A throwaway cluster: durability is not what the tests are about, speed is.
FAST = "-c fsync=off -c full_page_writes=off -c synchronous_commit=off"


def _as_postgres(*command: str) -> None:
    """Run a PostgreSQL binary as `postgres` (initdb and the server refuse to run as root)."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    done = subprocess.run([*prefix, *command], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")


def _own_dir() -> Path:
    root = Path(tempfile.mkdtemp(prefix="rejoinder-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    return root


class PrivatePostgres:
    """One PostgreSQL server (data directory `root/name`) on a free port of 127.0.0.1."""

    def __init__(self, root: Path, name: str) -> None:
        self.root, self.name = root, name
        self.data = root / name
        self.log = root / f"{name}.log"
        self.port = free_port()

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/{database}"

    def initdb(self) -> None:
        _as_postgres(f"{BIN}/initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 {FAST}"
        _as_postgres(f"{BIN}/pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.log),
                     "-w", "start")  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        _as_postgres(f"{BIN}/pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def restart(self, mode: str = "fast") -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 {FAST}"
        _as_postgres(f"{BIN}/pg_ctl", "-D", str(self.data), "-m", mode, "-o", options,
                     "-l", str(self.log), "-w", "restart")  # fmt: skip

    def running(self) -> bool:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        status = [*prefix, f"{BIN}/pg_ctl", "-D", str(self.data), "status"]
        return subprocess.run(status, capture_output=True, check=False).returncode == 0

    async def fetchval(self, query: str, database: str = "postgres") -> object:
        """The first value of one statement, run on a connection of its own (autocommit)."""
        url = self.url(database)
        engine = create_async_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        try:
            async with engine.connect() as connection:
                result = await connection.execute(text(query))
                return result.scalar() if result.returns_rows else None
        finally:
            await engine.dispose()

    async def create_tablespace(self, name: str, location: Path) -> None:
        """A tablespace in `location`, a folder `postgres` owns (`disk_for_postgres`)."""
        await self.fetchval(f"CREATE TABLESPACE \"{name}\" LOCATION '{location}'")

    async def create_database(self, name: str, tablespace: str | None = None) -> str:
        """A new, migrated database (in `tablespace`, catalog and all, if given); its URL."""
        where = f' TABLESPACE "{tablespace}"' if tablespace else ""
        await self.fetchval(f'CREATE DATABASE "{name}"{where}')
        engine = create_engine(self.url(name))
        try:
            await upgrade(engine)
        finally:
            await engine.dispose()
        return self.url(name)


class PostgresPair:
    """A primary and a hot standby streaming from it (pg_basebackup -R)."""

    def __init__(self, root: Path) -> None:
        self.primary = PrivatePostgres(root, "primary")
        self.replica = PrivatePostgres(root, "replica")

    def start(self) -> None:
        self.primary.initdb()
        with (self.primary.data / "pg_hba.conf").open("a") as hba:
            hba.write("host replication all 127.0.0.1/32 trust\n")
        self.primary.start()
        source = ["-h", "127.0.0.1", "-p", str(self.primary.port), "-U", "postgres"]
        _as_postgres(
            f"{BIN}/pg_basebackup", *source, "-D", str(self.replica.data), "-R", "-X", "stream"
        )
        self.replica.start()

    async def caught_up(self, seconds: float = 10.0) -> None:
        """Returns once the replica has replayed everything the primary has committed so far.

        The target is the insert position, not the write position: with `synchronous_commit=off`
        a commit returns before its WAL is written, and `pg_current_wal_lsn()` may not cover it.
        """
        target = await self.primary.fetchval("SELECT pg_current_wal_insert_lsn()::text")
        query = f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn"
        deadline = time.monotonic() + seconds
        while not await self.replica.fetchval(query):
            assert time.monotonic() < deadline, "the replica did not catch up"
            await asyncio.sleep(0.02)


def _remove(servers: list[PrivatePostgres], root: Path) -> None:
    for server in servers:
        if server.running():
            server.stop("immediate")
    shutil.rmtree(root, ignore_errors=True)


@contextmanager
def postgres_pair() -> Iterator[PostgresPair]:
    """A primary with a streaming replica for the block (about 3 s to make), then removed."""
    root = _own_dir()
    pair = PostgresPair(root)
    try:
        pair.start()
        yield pair
    finally:
        _remove([pair.replica, pair.primary], root)


@contextmanager
def private_postgres() -> Iterator[PrivatePostgres]:
    """A PostgreSQL of the test's own, to stop and restart, for the block."""
    root = _own_dir()
    server = PrivatePostgres(root, "primary")
    try:
        server.initdb()
        server.start()
        yield server
    finally:
        _remove([server], root)


@contextmanager
def disk_for_postgres(megabytes: int) -> Iterator[Path]:
    """A small tmpfs (`tests.processes.small_disk`: skips where mounting is not allowed) that
    `postgres` can reach (pytest's own temporary folders are root's alone), with an empty folder
    `tablespace` that it owns. Enter it before the cluster, so that the cluster is gone before
    the disk is unmounted."""
    root = _own_dir()
    try:
        with small_disk(root / "disk", megabytes) as disk:
            (disk / "tablespace").mkdir()
            if os.geteuid() == 0:
                shutil.chown(disk / "tablespace", "postgres")
            yield disk
    finally:
        shutil.rmtree(root, ignore_errors=True)
