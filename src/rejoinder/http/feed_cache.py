"""Built feeds, kept by story version (or a site's time window) and answered with validators.

Like the pages of comments (`http/cache.py`), a feed is built and compressed once per key; a write
bumps the story's version, so the feed of the version before is never looked up again. Feeds
have a cache of their own, so that they neither evict pages nor count as page lookups.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime

from rejoinder.http.cache import Answer, etag_listed, gzip_etag
from rejoinder.http.compression import GZIP_MIN_BYTES, VARY, accepts_gzip, compress
from rejoinder.platform.single_flight import SingleFlight

# Feed readers poll every few minutes at most: a minute in any cache costs them nothing, and a
# shared cache may then absorb a crowd of them; a revalidation is a 304 without a body.
FEED_CACHE_CONTROL = "public, max-age=60, stale-while-revalidate=300"


@dataclass(frozen=True)
class CachedFeed:
    body: bytes
    gzipped: bytes | None
    etag: str
    last_modified: str
    media_type: str


def cached_feed(body: bytes, media_type: str, updated: datetime) -> CachedFeed:
    """The ETag is the content's hash: the same bytes from any process have the same one."""
    etag = '"' + hashlib.blake2s(body, digest_size=12).hexdigest() + '"'
    gzipped = compress(body) if len(body) >= GZIP_MIN_BYTES else None
    return CachedFeed(body, gzipped, etag, format_datetime(updated, usegmt=True), media_type)


class FeedCache:
    """A small LRU of built feeds; one build per key at a time, shared by who asks meanwhile."""

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[tuple[object, ...], CachedFeed] = OrderedDict()
        self._builds: SingleFlight[tuple[object, ...], CachedFeed] = SingleFlight()

    async def get_or_build(
        self, key: tuple[object, ...], build: Callable[[], Awaitable[CachedFeed]]
    ) -> CachedFeed:
        found = self._entries.get(key)
        if found is not None:
            self._entries.move_to_end(key)
            return found
        return await self._builds.run(key, build, keep=lambda built: self._put(key, built))

    def _put(self, key: tuple[object, ...], feed: CachedFeed) -> None:
        self._entries[key] = feed
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)


def feed_answer(feed: CachedFeed, request_headers: Mapping[bytes, bytes]) -> Answer:
    """200 with the feed (gzip when accepted), or 304 when If-None-Match names its ETag.

    Last-Modified is sent for feed readers that show it, but only the ETag revalidates: a removed
    comment changes a feed without making it any newer.
    """
    gzipped = feed.gzipped if accepts_gzip(request_headers.get(b"accept-encoding")) else None
    etag = feed.etag if gzipped is None else gzip_etag(feed.etag)
    headers = [
        (b"etag", etag.encode()),
        (b"last-modified", feed.last_modified.encode()),
        (b"cache-control", FEED_CACHE_CONTROL.encode()),
        VARY,
    ]
    if etag_listed(request_headers.get(b"if-none-match"), etag):
        return 304, headers, b""
    body = feed.body if gzipped is None else gzipped
    headers += [
        (b"content-type", feed.media_type.encode()),
        (b"content-length", b"%d" % len(body)),
    ]
    if gzipped is not None:
        headers.append((b"content-encoding", b"gzip"))
    return 200, headers, body
