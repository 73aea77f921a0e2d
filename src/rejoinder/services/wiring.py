"""Building the runtime from settings, in one place for the app and the commands that run jobs.

Rate-limit counters are shared by every app server through Redis when configured, else counted
in this process; workers are woken through PostgreSQL when that is the database.
"""

from __future__ import annotations

from functools import partial

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from rejoinder.config import Settings
from rejoinder.platform.wakeup import wakeup_for
from rejoinder.services import stories
from rejoinder.services.rate_limits import RateLimiter
from rejoinder.services.runtime import Runtime
from rejoinder.services.story_cache import StoryCache
from rejoinder.storage.counters.memory import MemoryCounters
from rejoinder.storage.counters.redis import RedisCounters


def build_runtime(settings: Settings, sessions: async_sessionmaker[AsyncSession]) -> Runtime:
    counters: RedisCounters | MemoryCounters = MemoryCounters()
    if settings.redis_url:
        counters = RedisCounters.from_url(settings.redis_url)
    return Runtime(
        settings=settings,
        signing_key=settings.signing_key(),
        stories=StoryCache(
            settings.read_freshness_seconds, renew=partial(stories.lookup_in, sessions)
        ),
        limiter=RateLimiter(counters, settings.rate_limits),
        wakeup=wakeup_for(settings.resolved_database_url),
    )


async def close_runtime(rt: Runtime) -> None:
    """Close the connections the runtime holds (Redis, the LISTEN connection)."""
    await rt.wakeup.aclose()
    await rt.limiter.counters.aclose()
