"""What services need from the install besides a database session."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from rejoinder.config import Settings
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

    def now(self) -> datetime:
        return self.clock()
