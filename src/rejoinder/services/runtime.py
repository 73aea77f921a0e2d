"""What services need from the install besides a database session."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from rejoinder.config import Settings
from rejoinder.domain.interfaces import Wakeup
from rejoinder.platform.event_hub import EventHub
from rejoinder.platform.wakeup import LocalWakeup
from rejoinder.services.display_names import StaffNames
from rejoinder.services.rate_limits import RateLimiter
from rejoinder.services.story_cache import StoryCache
from rejoinder.storage.counters.memory import MemoryCounters


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Runtime:
    settings: Settings
    signing_key: bytes
    clock: Callable[[], datetime] = field(default=_utcnow)
    stories: StoryCache = field(default_factory=lambda: StoryCache(freshness=0.0))
    limiter: RateLimiter = field(default_factory=lambda: RateLimiter(MemoryCounters()))
    staff_names: StaffNames = field(default_factory=StaffNames)
    events: EventHub = field(default_factory=EventHub)
    wakeup: Wakeup = field(default_factory=LocalWakeup)

    def now(self) -> datetime:
        return self.clock()
