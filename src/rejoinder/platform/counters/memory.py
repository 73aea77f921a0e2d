"""Fixed-window counters in this process's memory (one app server, the default)."""

from __future__ import annotations

import time
from collections.abc import Callable

MAX_KEYS = 100_000  # past this, expired windows are swept before adding more


class MemoryCounters:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._windows: dict[str, tuple[float, int]] = {}  # key → (window end, count)

    async def incr(self, key: str, window_seconds: int) -> tuple[int, float]:
        now = self._clock()
        end, count = self._windows.get(key, (0.0, 0))
        if end <= now:
            if len(self._windows) >= MAX_KEYS:
                self._sweep(now)
            end, count = now + window_seconds, 0
        count += 1
        self._windows[key] = (end, count)
        return count, end - now

    async def aclose(self) -> None:
        """Nothing to release (the same shape as RedisCounters)."""

    def _sweep(self, now: float) -> None:
        self._windows = {k: v for k, v in self._windows.items() if v[0] > now}
