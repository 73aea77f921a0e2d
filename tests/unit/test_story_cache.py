"""The story lookup cache: fresh hits, one refresher when stale, forgetting on writes."""

from __future__ import annotations

import time

from rejoinder.services.stories import StoryRef
from rejoinder.services.story_cache import StoryCache
from rejoinder.storage.models import Site, Story


def _ref(story_id: int = 1) -> StoryRef:
    return StoryRef(Site(id=1, slug="s"), Story(id=story_id, key="k", version=3))


def test_fresh_entries_are_served_and_forgotten_on_write() -> None:
    cache = StoryCache(freshness=60)
    ref = _ref()
    cache.put("s", "k", ref)
    assert cache.get("s", "k") is ref
    cache.forget_story(1)
    assert cache.get("s", "k") is None


def test_only_the_first_reader_of_a_stale_entry_refreshes_it() -> None:
    cache = StoryCache(freshness=0.05)
    ref = _ref()
    cache.put("s", "k", ref)
    time.sleep(0.06)
    assert cache.get("s", "k") is None  # this reader goes to the database
    assert cache.get("s", "k") is ref  # the others keep the stale entry meanwhile
    time.sleep(0.06)
    assert cache.get("s", "k") is None  # a refresh that never came back is retried


def test_zero_freshness_caches_nothing() -> None:
    cache = StoryCache(freshness=0)
    cache.put("s", "k", _ref())
    assert cache.get("s", "k") is None
