"""Shared fixtures: each test runs against SQLite and PostgreSQL, migrated, isolated."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine

from rejoinder.app import create_app
from rejoinder.config import Settings
from rejoinder.domain.rate_limits import DEFAULT_LIMITS
from rejoinder.platform import background
from rejoinder.services import sites
from rejoinder.storage.db import create_engine, session_factory
from rejoinder.storage.migrate import upgrade
from rejoinder.storage.models import Base

PG_SERVER = os.environ.get("REJOINDER_TEST_PG", "postgresql+asyncpg://postgres@127.0.0.1:5432")
ORIGIN = "https://news.example"
FIXTURES = Path(__file__).parent / "fixtures"
TABLES = [table.name for table in reversed(Base.metadata.sorted_tables)]


async def _admin(statement: str) -> None:
    engine = create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            await connection.execute(text(statement))
    finally:
        await engine.dispose()


async def _migrate(url: str) -> None:
    engine = create_engine(url)
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    asyncio.run(_migrate(url))
    return url


@pytest.fixture(scope="session")
def postgresql_url() -> Iterator[str]:
    name = f"rejoinder_test_{uuid.uuid4().hex[:10]}"
    asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    url = f"{PG_SERVER}/{name}"
    asyncio.run(_migrate(url))
    yield url
    asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest) -> str:
    url: str = request.getfixturevalue(f"{request.param}_url")
    return url


async def _empty_tables(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            await connection.execute(text(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE"))
        else:
            for table in TABLES:
                await connection.execute(text(f"DELETE FROM {table}"))


@pytest.fixture
def clean_database(database_url: str) -> Iterator[str]:
    """For synchronous tests (CLI): empties the tables afterwards."""
    yield database_url

    async def empty() -> None:
        engine = create_engine(database_url)
        await _empty_tables(engine)
        await engine.dispose()

    asyncio.run(empty())


# API tests post, like and count far faster than any reader: they run with generous limits.
# The real defaults are held by tests/integration/test_rate_limits.py and test_redis_limits.py.
GENEROUS_LIMITS = {name: "100000/60" for name in DEFAULT_LIMITS}


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        database_url=database_url,
        data_dir=tmp_path,
        secret_key="test-secret-key",
        rate_limits=GENEROUS_LIMITS,
    )


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[FastAPI]:
    application = create_app(settings)
    yield application
    await background.drain()  # work the test's requests started ends before tables are emptied
    await _empty_tables(application.state.engine)
    await application.state.shutdown()


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://testserver", headers={"origin": ORIGIN}
    ) as http:
        yield http


async def make_site(app: FastAPI, slug: str = "news", **settings: Any) -> None:
    async with session_factory(app.state.engine)() as session:
        await sites.create(session, slug, slug.title(), [ORIGIN], settings)
        await session.commit()


# API tests post many, often identical, comments from one address in a second: the duplicate
# and flood phases have their own tests (tests/unit/moderation, test_moderation_flow.py).
RELAXED = {
    "moderation": {
        "phases": [
            "length",
            "story_closed",
            "words",
            "slurs",
            "links",
            "model",
            "history",
            "premoderation",
        ]
    }
}


@pytest.fixture
async def site(app: FastAPI) -> str:
    await make_site(app, "news", **RELAXED)
    return "news"


class QueryCounter:
    """Counts the statements sent to the database, and keeps their SQL (never the values)."""

    def __init__(self) -> None:
        self.count = 0
        self.statements: list[str] = []

    def __call__(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        self.count += 1
        self.statements.append(statement)

    def reset(self) -> None:
        self.count = 0
        self.statements.clear()


@pytest.fixture
def queries(app: FastAPI) -> Iterator[QueryCounter]:
    counter = QueryCounter()
    sync_engine = app.state.engine.sync_engine
    event.listen(sync_engine, "before_cursor_execute", counter)
    yield counter
    event.remove(sync_engine, "before_cursor_execute", counter)


@pytest.fixture
async def readers(app: FastAPI) -> AsyncIterator[Any]:
    """A factory of clients that come from different addresses (different readers)."""
    opened: list[httpx.AsyncClient] = []

    def reader(ip: str) -> httpx.AsyncClient:
        transport = httpx.ASGITransport(app=app, client=(ip, 40000))
        http = httpx.AsyncClient(
            transport=transport, base_url="http://testserver", headers={"origin": ORIGIN}
        )
        opened.append(http)
        return http

    yield reader
    for http in opened:
        await http.aclose()
