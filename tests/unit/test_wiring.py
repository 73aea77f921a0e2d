"""The runtime is built from the settings in one place: in-process mechanisms by default, the
shared ones when Redis, SMTP or PostgreSQL are configured (ADR 0011)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from rejoinder.config import Settings
from rejoinder.platform.counters.memory import MemoryCounters
from rejoinder.platform.counters.redis import RedisCounters
from rejoinder.platform.mail_transport import NullTransport, SmtpTransport
from rejoinder.platform.wakeup import LocalWakeup, PostgresWakeup
from rejoinder.services.runtime import Runtime
from rejoinder.services.wiring import build_runtime, close_runtime
from rejoinder.storage.db import create_engine, session_factory


@asynccontextmanager
async def _built(settings: Settings) -> AsyncIterator[Runtime]:
    """The runtime of these settings; building it connects to nothing yet."""
    engine = create_engine(settings.resolved_database_url)
    runtime = build_runtime(settings, session_factory(engine))
    try:
        yield runtime
    finally:
        await close_runtime(runtime)
        await engine.dispose()


async def test_by_default_every_mechanism_is_in_process(tmp_path: Path) -> None:
    async with _built(Settings(data_dir=tmp_path, secret_key="k")) as runtime:
        assert isinstance(runtime.limiter.counters, MemoryCounters)
        assert isinstance(runtime.mail, NullTransport)
        assert type(runtime.wakeup) is LocalWakeup


async def test_configured_services_get_their_shared_mechanisms(tmp_path: Path) -> None:
    settings = Settings(
        data_dir=tmp_path,
        secret_key="k",
        database_url="postgresql+asyncpg://nobody@127.0.0.1:1/none",
        redis_url="redis://127.0.0.1:1/0",
        smtp_host="127.0.0.1",
    )
    async with _built(settings) as runtime:
        assert isinstance(runtime.limiter.counters, RedisCounters)
        assert isinstance(runtime.mail, SmtpTransport)
        assert isinstance(runtime.wakeup, PostgresWakeup)
