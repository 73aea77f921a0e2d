"""One load per key at a time: callers who ask meanwhile wait for it rather than start their own.

Used for the story lookups and the pages of the hot read path, where a popular story would
otherwise send every concurrent reader to the database at once (ADR 0005).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class SingleFlight(Generic[K, V]):
    def __init__(self) -> None:
        # A load on its way, per key; its result is None when it failed.
        self._loading: dict[K, asyncio.Future[V | None]] = {}

    async def run(self, key: K, load: Callable[[], Awaitable[V]], keep: Callable[[V], None]) -> V:
        """The result of the load on its way for `key`, else of `load()`, then `keep` (once)."""
        pending = self._loading.get(key)
        if pending is not None:
            shared = await asyncio.shield(pending)
            if shared is not None:
                return shared
        return await self._load(key, load, keep)

    def loading(self, key: K) -> bool:
        return key in self._loading

    def forget(self, key: K) -> None:
        """What the load on its way for `key` finds is out of date: its callers get it, not kept."""
        self._loading.pop(key, None)

    async def _load(self, key: K, load: Callable[[], Awaitable[V]], keep: Callable[[V], None]) -> V:
        loading: asyncio.Future[V | None] = asyncio.get_running_loop().create_future()
        self._loading[key] = loading
        result = None
        try:
            result = await load()
            if self._loading.get(key) is loading:
                keep(result)
            return result
        finally:
            if self._loading.get(key) is loading:
                del self._loading[key]
            loading.set_result(result)  # None sends the waiters to load for themselves
