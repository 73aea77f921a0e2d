"""The page cache: one build per page and version, and readers who come during the build of a
new version get the version before rather than wait for it."""

from __future__ import annotations

import asyncio

from rejoinder.http.cache import CachedPage, PageCache, page_key


def _page(text: str) -> CachedPage:
    return CachedPage(text.encode(), f'"{text}"')


async def test_readers_during_a_rebuild_get_the_version_before_without_waiting() -> None:
    cache = PageCache(max_entries=10)
    release = asyncio.Event()
    builds = 0

    async def build_v2() -> CachedPage:
        nonlocal builds
        builds += 1
        await release.wait()
        return _page("v2")

    async def build_v1() -> CachedPage:
        return _page("v1")

    assert (await cache.get_or_build(page_key(1, 1, "oldest", 50, None), build_v1)).body == b"v1"
    first = asyncio.create_task(cache.get_or_build(page_key(1, 2, "oldest", 50, None), build_v2))
    await asyncio.sleep(0)  # the first reader after the write is building version 2
    during = await asyncio.wait_for(
        cache.get_or_build(page_key(1, 2, "oldest", 50, None), build_v2), timeout=0.1
    )
    assert during.body == b"v1"
    assert cache.get(page_key(1, 2, "oldest", 50, None)) == _page("v1")
    release.set()
    assert (await first).body == b"v2"
    assert builds == 1
    assert (await cache.get_or_build(page_key(1, 2, "oldest", 50, None), build_v2)).body == b"v2"


async def test_the_first_reader_of_a_new_version_waits_for_it_and_others_pages_are_apart() -> None:
    cache = PageCache(max_entries=10)

    async def build(text: str) -> CachedPage:
        return _page(text)

    await cache.get_or_build(page_key(1, 1, "oldest", 50, None), lambda: build("oldest v1"))
    fresh = await cache.get_or_build(page_key(1, 2, "oldest", 50, None), lambda: build("v2"))
    assert fresh.body == b"v2"  # nobody was building it: read-your-write for a lone reader
    # Another sort, another story: never the page of a different query.
    assert cache.get(page_key(1, 2, "newest", 50, None)) is None
    assert cache.get(page_key(2, 2, "oldest", 50, None)) is None
    assert cache.get(page_key(1, 3, "oldest", 50, None)) is None  # not being built: no stale
