"""Building the runtime from settings, in one place for the app and every command.

Rate-limit counters and live updates are shared by every app server through Redis when
configured, else kept in this process; workers are woken through PostgreSQL when that is the
database; mail goes to the SMTP server when one is configured, else nowhere (a warning per mail).
"""

from __future__ import annotations

from functools import partial

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from rejoinder.config import Settings
from rejoinder.domain.interfaces import Counters, LiveBus, MailTransport
from rejoinder.platform.counters.memory import MemoryCounters
from rejoinder.platform.counters.redis import RedisCounters
from rejoinder.platform.live_bus import MemoryLiveBus, RedisLiveBus
from rejoinder.platform.mail_transport import NullTransport, SmtpTransport
from rejoinder.platform.rate_limits import RateLimiter
from rejoinder.platform.story_cache import StoryCache
from rejoinder.platform.wakeup import wakeup_for
from rejoinder.services import stories
from rejoinder.services.runtime import Runtime


def _counters(settings: Settings) -> Counters:
    return RedisCounters.from_url(settings.redis_url) if settings.redis_url else MemoryCounters()


def _live(settings: Settings) -> LiveBus:
    return RedisLiveBus(settings.redis_url) if settings.redis_url else MemoryLiveBus()


def _mail(settings: Settings) -> MailTransport:
    return NullTransport() if settings.smtp_host is None else SmtpTransport(settings)


def build_runtime(settings: Settings, sessions: async_sessionmaker[AsyncSession]) -> Runtime:
    return Runtime(
        settings=settings,
        signing_key=settings.signing_key(),
        stories=StoryCache(
            settings.read_freshness_seconds, renew=partial(stories.lookup_in, sessions)
        ),
        limiter=RateLimiter(_counters(settings), settings.rate_limits),
        wakeup=wakeup_for(settings.resolved_database_url),
        mail=_mail(settings),
        live=_live(settings),
    )


async def close_runtime(rt: Runtime) -> None:
    """Close the connections the runtime holds (Redis, the LISTEN connection)."""
    await rt.live.aclose()
    await rt.wakeup.aclose()
    await rt.limiter.counters.aclose()
