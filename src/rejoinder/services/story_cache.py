"""Recently looked-up stories, so that a cached page is served without a database round trip.

An entry is trusted for `freshness` seconds. Writes in this process drop their story's entry
after commit; other processes see a new version within `freshness` (ADR 0005).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rejoinder.services.stories import StoryRef

MAX_ENTRIES = 10_000


class StoryCache:
    def __init__(self, freshness: float) -> None:
        self.freshness = freshness
        self._entries: OrderedDict[tuple[str, str], tuple[float, StoryRef]] = OrderedDict()
        self._keys_by_id: dict[int, tuple[str, str]] = {}

    def get(self, site_slug: str, story_key: str) -> StoryRef | None:
        entry = self._entries.get((site_slug, story_key))
        if entry is None or entry[0] < time.monotonic():
            return None
        return entry[1]

    def put(self, site_slug: str, story_key: str, ref: StoryRef) -> None:
        if self.freshness <= 0:
            return
        key = (site_slug, story_key)
        self._entries[key] = (time.monotonic() + self.freshness, ref)
        self._entries.move_to_end(key)
        if ref.story is not None:
            self._keys_by_id[ref.story.id] = key
        while len(self._entries) > MAX_ENTRIES:
            _, (_, dropped) = self._entries.popitem(last=False)
            if dropped.story is not None:
                self._keys_by_id.pop(dropped.story.id, None)

    def forget(self, site_slug: str, story_key: str) -> None:
        self._entries.pop((site_slug, story_key), None)

    def forget_story(self, story_id: int) -> None:
        key = self._keys_by_id.pop(story_id, None)
        if key is not None:
            self._entries.pop(key, None)
