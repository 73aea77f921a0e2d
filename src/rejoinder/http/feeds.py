"""Atom and RSS feeds of the newest comments, of a story and of a site (docs/feeds.md).

The URLs are stable, a publisher links them from its pages: `/feeds/sites/{site}.atom|.rss` and
`/feeds/sites/{site}/stories/{story}.atom|.rss`. A story's feed is built once per story version;
a site's changes with any of its stories, whose versions cannot be summed cheaply, so it is
rebuilt at most every `SITE_FEED_SECONDS` instead.
"""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from rejoinder.http.deps import ReadRuntimeDep, ReadSessionDep
from rejoinder.http.feed_cache import CachedFeed, FeedCache, cached_feed, feed_answer
from rejoinder.http.feed_xml import (
    MEDIA_TYPES,
    FeedFormat,
    render,
    site_feed_url,
    story_feed_url,
)
from rejoinder.http.responses import raw_response
from rejoinder.services import feeds
from rejoinder.services.feeds import Feed

router = APIRouter(include_in_schema=False)
SITE_FEED_SECONDS = 30
FEED_CACHE_ENTRIES = 256  # feeds of 50 comments: a few megabytes at most


async def get_feed_cache(request: Request) -> FeedCache:
    cache: FeedCache = request.app.state.feed_cache
    return cache


FeedCacheDep = Annotated[FeedCache, Depends(get_feed_cache)]


def _built(feed: Feed, fmt: FeedFormat, self_url: str) -> CachedFeed:
    return cached_feed(render(feed, fmt, self_url), MEDIA_TYPES[fmt], feed.updated)


def _answer(request: Request, cached: CachedFeed) -> Response:
    return raw_response(*feed_answer(cached, dict(request.scope["headers"])))


async def story_answer(
    request: Request,
    site: str,
    story: str,
    session: ReadSessionDep,
    runtime: ReadRuntimeDep,
    cache: FeedCacheDep,
    fmt: FeedFormat,
) -> Response:
    checked = await feeds.story_to_read(session, runtime, site, story)
    found = checked.story
    self_url = story_feed_url(runtime.settings.public_url, checked.site.slug, found.key, fmt)

    async def build() -> CachedFeed:
        return _built(await feeds.story_feed(session, checked), fmt, self_url)

    key = (("story", found.id), found.version, fmt)
    return _answer(request, await cache.get_or_build(key, build))


async def site_answer(
    request: Request,
    site: str,
    session: ReadSessionDep,
    runtime: ReadRuntimeDep,
    cache: FeedCacheDep,
    fmt: FeedFormat,
) -> Response:
    self_url = site_feed_url(runtime.settings.public_url, site, fmt)

    async def build() -> CachedFeed:  # an unknown site raises its 404 here, and is not kept
        return _built(await feeds.site_feed(session, site), fmt, self_url)

    window = int(time.time() // SITE_FEED_SECONDS)  # wall clock: processes agree on it
    return _answer(request, await cache.get_or_build((("site", site), window, fmt), build))


@router.get("/feeds/sites/{site}/stories/{story}.atom")
async def story_atom(
    request: Request,
    site: str,
    story: str,
    session: ReadSessionDep,
    runtime: ReadRuntimeDep,
    cache: FeedCacheDep,
) -> Response:
    return await story_answer(request, site, story, session, runtime, cache, FeedFormat.ATOM)


@router.get("/feeds/sites/{site}/stories/{story}.rss")
async def story_rss(
    request: Request,
    site: str,
    story: str,
    session: ReadSessionDep,
    runtime: ReadRuntimeDep,
    cache: FeedCacheDep,
) -> Response:
    return await story_answer(request, site, story, session, runtime, cache, FeedFormat.RSS)


@router.get("/feeds/sites/{site}.atom")
async def site_atom(
    request: Request,
    site: str,
    session: ReadSessionDep,
    runtime: ReadRuntimeDep,
    cache: FeedCacheDep,
) -> Response:
    return await site_answer(request, site, session, runtime, cache, FeedFormat.ATOM)


@router.get("/feeds/sites/{site}.rss")
async def site_rss(
    request: Request,
    site: str,
    session: ReadSessionDep,
    runtime: ReadRuntimeDep,
    cache: FeedCacheDep,
) -> Response:
    return await site_answer(request, site, session, runtime, cache, FeedFormat.RSS)
