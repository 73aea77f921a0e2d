"""Building the runtime from settings, in one place for the app and every command.

Rate-limit counters and live updates are shared by every app server through Redis when
configured, else kept in this process; workers are woken through PostgreSQL when that is the
database; mail goes to the SMTP server when one is configured, else nowhere (a warning per mail).
A read replica, when configured, has sessions and story lookups of its own (`ReplicaReads`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import partial

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from rejoinder.config import Settings
from rejoinder.domain.errors import RejoinderError
from rejoinder.domain.interfaces import Counters, LiveBus, MailTransport
from rejoinder.platform.counters.memory import MemoryCounters
from rejoinder.platform.counters.redis import RedisCounters
from rejoinder.platform.live_bus import MemoryLiveBus, RedisLiveBus
from rejoinder.platform.mail_transport import NullTransport, SmtpTransport
from rejoinder.platform.rate_limits import RateLimiter
from rejoinder.platform.story_cache import StoryCache
from rejoinder.platform.wakeup import wakeup_for
from rejoinder.platform.webhook_sender import GuardedSender
from rejoinder.services import stories
from rejoinder.services.runtime import Runtime
from rejoinder.storage.db import (
    ReplicaHealth,
    create_replica_engine,
    disk_full,
    session_factory,
    unreachable,
)


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
        webhooks=GuardedSender(
            settings.webhook_allow_hosts,
            settings.webhook_timeout_seconds,
            settings.webhook_max_response_bytes,
        ),
    )


async def close_runtime(rt: Runtime) -> None:
    """Close the connections the runtime holds (Redis, the LISTEN connection)."""
    await rt.live.aclose()
    await rt.wakeup.aclose()
    await rt.limiter.counters.aclose()


def database_unreachable(error: BaseException) -> bool:
    """The database was not there (restart, outage, its disk full): a 503 to retry, not a 500
    (http/deps)."""
    return unreachable(error)


def database_full(error: BaseException | None) -> bool:
    """The database's disk is full (SQLite's SQLITE_FULL, PostgreSQL's 53100): that 503 says so,
    for an operator to free space rather than wait for a restart that is not happening
    (http/errors)."""
    return disk_full(error)


@dataclass
class ReplicaReads:
    """The read replica (ADR 0019): its sessions, whether it answers, and its story lookups.

    The story lookups are the replica's own, never shared with the primary's: a page is cached
    under the story version its lookup found, so a page read from a lagging replica must only
    ever be keyed by a version that replica had already reached (it replays in order, so what
    it reads next is at least that new). A version learnt from the primary could name a
    change the replica has not replayed yet, and the older page would stay cached under it.
    """

    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    health: ReplicaHealth
    stories: StoryCache[stories.StoryRef]
    _runtime: tuple[Runtime, Runtime] | None = field(default=None, repr=False)

    def runtime_over(self, primary: Runtime) -> Runtime:
        """`primary` with the replica's story lookups (made once per primary runtime)."""
        made = self._runtime
        if made is None or made[0] is not primary:
            made = (primary, dataclasses.replace(primary, stories=self.stories))
            self._runtime = made
        return made[1]

    def failed_during_read(self, error: BaseException) -> None:
        """A read on the replica ended in `error`: skip the replica for a while if it is its."""
        if database_unreachable(error):
            self.health.failed(error)


def build_replica(settings: Settings) -> ReplicaReads | None:
    if settings.database_replica_url is None:
        return None
    engine = create_replica_engine(settings.database_replica_url)
    sessions = session_factory(engine)
    health = ReplicaHealth()

    async def renew(site_slug: str, story_key: str) -> stories.StoryRef:
        # From the replica or not at all: a version from the primary would poison the pages.
        try:
            return await stories.lookup_in(sessions, site_slug, story_key)
        except RejoinderError:
            raise  # an answer (the site is gone), not a failure of the replica
        except Exception as error:
            health.failed(error)
            raise

    lookups = ReplicaStoryCache(health, settings.read_freshness_seconds, renew=renew)
    return ReplicaReads(engine, sessions, health, lookups)


class ReplicaStoryCache(StoryCache[stories.StoryRef]):
    """The replica's story lookups, trusted only while the replica answers.

    While it is down the readers are the primary's (`http/deps._read_path`): the cached pages
    these lookups lead to (`http/fast_reads`) are not served meanwhile, nor renewed.
    """

    def __init__(
        self,
        health: ReplicaHealth,
        freshness: float,
        renew: Callable[[str, str], Awaitable[stories.StoryRef]] | None = None,
    ) -> None:
        super().__init__(freshness, renew)
        self.health = health

    def fresh(self, site_slug: str, story_key: str) -> stories.StoryRef | None:
        if self.health.down:
            return None
        return super().fresh(site_slug, story_key)
