"""Recently looked-up stories, so that a cached page is served without a database round trip.

An entry is trusted for `freshness` seconds. When it expires, the first reader refreshes it from
the database while the others keep the expired entry for up to `freshness` more (one refresh, not a
stampede of them). Writes in this process drop their story's entry after commit; other processes
see a new version within twice `freshness` at most (ADR 0005).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rejoinder.services.stories import StoryRef

MAX_ENTRIES = 10_000


@dataclass
class _Entry:
    ref: StoryRef
    expires_at: float
    refreshing_since: float | None = None


class StoryCache:
    def __init__(self, freshness: float) -> None:
        self.freshness = freshness
        self._entries: OrderedDict[tuple[str, str], _Entry] = OrderedDict()
        self._keys_by_id: dict[int, tuple[str, str]] = {}

    def get(self, site_slug: str, story_key: str) -> StoryRef | None:
        entry = self._entries.get((site_slug, story_key))
        if entry is None:
            return None
        now = time.monotonic()
        if now < entry.expires_at:
            return entry.ref
        if entry.refreshing_since is not None and now - entry.refreshing_since < self.freshness:
            return entry.ref  # someone is already refreshing it
        entry.refreshing_since = now  # this caller refreshes
        return None

    def put(self, site_slug: str, story_key: str, ref: StoryRef) -> None:
        if self.freshness <= 0:
            return
        key = (site_slug, story_key)
        self._entries[key] = _Entry(ref, time.monotonic() + self.freshness)
        self._entries.move_to_end(key)
        if ref.story is not None:
            self._keys_by_id[ref.story.id] = key
        while len(self._entries) > MAX_ENTRIES:
            _, dropped = self._entries.popitem(last=False)
            if dropped.ref.story is not None:
                self._keys_by_id.pop(dropped.ref.story.id, None)

    def forget(self, site_slug: str, story_key: str) -> None:
        self._entries.pop((site_slug, story_key), None)

    def forget_story(self, story_id: int) -> None:
        key = self._keys_by_id.pop(story_id, None)
        if key is not None:
            self._entries.pop(key, None)
