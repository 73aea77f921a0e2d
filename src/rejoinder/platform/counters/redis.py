"""Fixed-window counters in Redis: every app server counts against the same limits (SECURITY 28).

When Redis cannot be reached the counters fail open: each process counts in its own memory for a
while and logs a warning, so an outage weakens the limits instead of refusing every request.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from redis.asyncio import Redis
from redis.exceptions import RedisError

from rejoinder.platform.counters.memory import MemoryCounters

log = logging.getLogger(__name__)

# One round trip, atomic: the first hit of a window sets its expiry. A key found without one (it
# cannot happen through this script, but a manual SET could do it) gets one, so it never sticks.
INCR_IN_WINDOW = """
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if count == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
"""
RETRY_AFTER_FAILURE_SECONDS = 5.0  # while Redis is down, do not wait on it for every request
WARN_EVERY_SECONDS = 60.0
TIMEOUT_SECONDS = 0.5


class RedisCounters:
    def __init__(
        self,
        client: Redis,
        prefix: str = "rejoinder:",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client = client
        self._prefix = prefix
        self._clock = clock
        self._script = client.register_script(INCR_IN_WINDOW)
        self._fallback = MemoryCounters(clock)
        self._down_until = 0.0
        self._last_warning = -WARN_EVERY_SECONDS

    @classmethod
    def from_url(cls, url: str, prefix: str = "rejoinder:") -> RedisCounters:
        client = Redis.from_url(
            url, socket_timeout=TIMEOUT_SECONDS, socket_connect_timeout=TIMEOUT_SECONDS
        )
        return cls(client, prefix)

    async def incr(self, key: str, window_seconds: int) -> tuple[int, float]:
        if self._clock() < self._down_until:
            return await self._fallback.incr(key, window_seconds)
        try:
            count, ttl_ms = await self._script(
                keys=[self._prefix + key], args=[window_seconds * 1000]
            )
        except (RedisError, OSError) as error:
            self._note_failure(error)
            return await self._fallback.incr(key, window_seconds)
        return int(count), int(ttl_ms) / 1000

    def _note_failure(self, error: Exception) -> None:
        now = self._clock()
        self._down_until = now + RETRY_AFTER_FAILURE_SECONDS
        if now - self._last_warning >= WARN_EVERY_SECONDS:
            self._last_warning = now
            log.warning(
                "Redis is unreachable for rate limits (%s: %s); counting in this process until "
                "it is back.",
                type(error).__name__,
                error,
            )

    async def aclose(self) -> None:
        await self._client.aclose()
