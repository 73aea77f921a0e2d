"""The story lookup cache: fresh hits, one refresh when stale that every reader waits for."""

from __future__ import annotations

import asyncio
import time

import pytest

from rejoinder.platform import story_cache
from rejoinder.platform.story_cache import StoryCache
from rejoinder.services.stories import StoryRef
from rejoinder.storage.models import Site, Story


def _ref(story_id: int = 1, version: int = 3) -> StoryRef:
    return StoryRef(Site(id=1, slug="s"), Story(id=story_id, key="k", version=version))


class Loader:
    """Stands for the database: counts lookups, answers when released."""

    def __init__(self, ref: StoryRef) -> None:
        self.ref, self.calls, self.release = ref, 0, asyncio.Event()

    async def __call__(self) -> StoryRef:
        self.calls += 1
        await self.release.wait()
        return self.ref


def test_fresh_entries_are_served_and_forgotten_on_write() -> None:
    cache = StoryCache[StoryRef](freshness=60)
    ref = _ref()
    cache.put("s", "k", ref)
    assert cache.fresh("s", "k") is ref
    cache.forget_story(1)
    assert cache.fresh("s", "k") is None


def test_an_entry_older_than_the_window_is_never_served_as_fresh() -> None:
    cache = StoryCache[StoryRef](freshness=0.05)
    cache.put("s", "k", _ref())
    time.sleep(0.06)
    for _ in range(3):  # asking does not make it fresh again, nor claim anything
        assert cache.fresh("s", "k") is None


async def test_a_stale_entry_is_refreshed_once_and_every_reader_gets_the_new_one() -> None:
    cache = StoryCache[StoryRef](freshness=0.05)
    cache.put("s", "k", _ref(version=3))
    await asyncio.sleep(0.06)
    load = Loader(_ref(version=4))
    readers = [asyncio.create_task(cache.get_or_load("s", "k", load)) for _ in range(5)]
    await asyncio.sleep(0.01)
    load.release.set()
    refs = await asyncio.gather(*readers)
    assert load.calls == 1
    assert {ref.story.version for ref in refs if ref.story is not None} == {4}
    assert cache.fresh("s", "k") is load.ref


async def test_readers_look_for_themselves_when_the_refresh_fails() -> None:
    cache = StoryCache[StoryRef](freshness=60)

    async def broken() -> StoryRef:
        await asyncio.sleep(0.01)
        raise RuntimeError("database gone")

    load = Loader(_ref())
    load.release.set()
    failing = asyncio.create_task(cache.get_or_load("s", "k", broken))
    await asyncio.sleep(0)
    waiting = asyncio.create_task(cache.get_or_load("s", "k", load))
    with pytest.raises(RuntimeError):
        await failing
    assert await waiting is load.ref and load.calls == 1


async def test_a_lookup_that_raced_a_write_is_not_kept() -> None:
    cache = StoryCache[StoryRef](freshness=60)
    before_the_write = Loader(_ref(version=3))
    reading = asyncio.create_task(cache.get_or_load("s", "k", before_the_write))
    await asyncio.sleep(0)
    cache.forget("s", "k")  # a write committed while the lookup was on its way
    before_the_write.release.set()
    await reading
    assert cache.fresh("s", "k") is None


async def test_a_read_late_in_the_window_renews_the_entry_in_the_background(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = [100.0]
    monkeypatch.setattr(story_cache, "monotonic", lambda: clock[0])
    renewed, renewals = _ref(version=4), []

    async def renew(site_slug: str, story_key: str) -> StoryRef:
        renewals.append((site_slug, story_key))
        return renewed

    cache = StoryCache(freshness=1, renew=renew)
    first = _ref(version=3)
    cache.put("s", "k", first)
    clock[0] += 0.5
    assert cache.fresh("s", "k") is first
    await asyncio.sleep(0)
    assert renewals == []  # early in the window: nothing to do
    clock[0] += 0.4
    assert cache.fresh("s", "k") is first and cache.fresh("s", "k") is first  # still trusted
    await asyncio.sleep(0.01)
    assert renewals == [("s", "k")]  # one renewal, whoever read meanwhile
    clock[0] += 0.5  # past the first window: readers need not wait
    assert cache.fresh("s", "k") is renewed


async def test_zero_freshness_caches_nothing() -> None:
    cache = StoryCache[StoryRef](freshness=0)
    cache.put("s", "k", _ref())
    assert cache.fresh("s", "k") is None
    load = Loader(_ref())
    load.release.set()
    await cache.get_or_load("s", "k", load)
    await cache.get_or_load("s", "k", load)
    assert load.calls == 2
