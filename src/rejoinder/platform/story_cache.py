"""Recently looked-up stories, so that a cached page is served without a database round trip.

An entry is trusted for `freshness` seconds and never after: then the next reader looks the story
up again, and the readers who come meanwhile wait for that one lookup rather than make their own
(one query per story per window, not a stampede) or reuse the old entry (which would keep a
process that did not take a write serving the old page). So that readers of a popular story
seldom wait, a read late in the window renews the entry in the background. Writes in this process
drop their story's entry after commit; other processes see a new version within `freshness`
(ADR 0005).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from time import monotonic
from typing import Generic, TypeVar

from rejoinder.domain.interfaces import StoryLookup
from rejoinder.platform import background
from rejoinder.platform.single_flight import SingleFlight

MAX_ENTRIES = 10_000
RENEW_AFTER = 0.8  # of the window: a read this late starts the next lookup before it ends

Key = tuple[str, str]
# What a lookup finds (services' StoryRef: the site, and the story if it exists).
Ref = TypeVar("Ref", bound=StoryLookup)


@dataclass
class _Entry(Generic[Ref]):
    ref: Ref
    renew_at: float
    expires_at: float


class StoryCache(Generic[Ref]):
    def __init__(
        self, freshness: float, renew: Callable[[str, str], Awaitable[Ref]] | None = None
    ) -> None:
        """`renew` looks a story up with a session of its own, for renewals in the background."""
        self.freshness, self.renew = freshness, renew
        self._entries: OrderedDict[Key, _Entry[Ref]] = OrderedDict()
        self._keys_by_id: dict[int, Key] = {}
        self._lookups: SingleFlight[Key, Ref] = SingleFlight()
        self._renewing: set[Key] = set()

    def fresh(self, site_slug: str, story_key: str) -> Ref | None:
        """The lookup when it is younger than `freshness`, else None: ask the database."""
        entry = self._entries.get((site_slug, story_key))
        now = monotonic()
        if entry is None or now >= entry.expires_at:
            return None
        if now >= entry.renew_at:
            self._renew_in_background(site_slug, story_key)
        return entry.ref

    async def get_or_load(
        self, site_slug: str, story_key: str, load: Callable[[], Awaitable[Ref]]
    ) -> Ref:
        """The fresh lookup, or a new one: shared with every reader who asks meanwhile."""
        ref = self.fresh(site_slug, story_key)
        if ref is not None:
            return ref
        key = (site_slug, story_key)
        return await self._lookups.run(key, load, keep=self._keeper(key))

    def _keeper(self, key: Key) -> Callable[[Ref], None]:
        return lambda ref: self.put(*key, ref)

    def _renew_in_background(self, site_slug: str, story_key: str) -> None:
        key = (site_slug, story_key)
        renew = self.renew
        if renew is None or key in self._renewing or self._lookups.loading(key):
            return
        self._renewing.add(key)  # now, not when the task starts: one renewal per window

        async def renewal() -> None:
            try:
                await self._lookups.run(key, lambda: renew(*key), keep=self._keeper(key))
            finally:
                self._renewing.discard(key)

        background.start(renewal(), "story lookup renewal")

    def put(self, site_slug: str, story_key: str, ref: Ref) -> None:
        if self.freshness <= 0:
            return
        key = (site_slug, story_key)
        now = monotonic()
        renew_at = now + self.freshness * RENEW_AFTER
        self._entries[key] = _Entry(ref, renew_at, now + self.freshness)
        self._entries.move_to_end(key)
        if ref.story_id is not None:
            self._keys_by_id[ref.story_id] = key
        while len(self._entries) > MAX_ENTRIES:
            _, dropped = self._entries.popitem(last=False)
            if dropped.ref.story_id is not None:
                self._keys_by_id.pop(dropped.ref.story_id, None)

    def forget(self, site_slug: str, story_key: str) -> None:
        """A write committed: drop the entry, and keep no lookup that was already on its way."""
        self._entries.pop((site_slug, story_key), None)
        self._lookups.forget((site_slug, story_key))

    def forget_story(self, story_id: int) -> None:
        key = self._keys_by_id.pop(story_id, None)
        if key is not None:
            self.forget(*key)
