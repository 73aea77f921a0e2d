"""Serialised comment pages kept per story version: reads skip the ORM and JSON encoding."""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from rejoinder.domain.enums import CommentFilter
from rejoinder.http.compression import GZIP_MIN_BYTES, VARY, accepts_gzip, compress
from rejoinder.platform import metrics
from rejoinder.platform.single_flight import SingleFlight

# Shared caches (a CDN) may keep a public answer for two seconds; browsers revalidate.
PUBLIC_CACHE_CONTROL = "public, max-age=0, s-maxage=2, stale-while-revalidate=5"
_CACHE_CONTROL = (b"cache-control", PUBLIC_CACHE_CONTROL.encode())

Headers = list[tuple[bytes, bytes]]
Answer = tuple[int, Headers, bytes]  # status, headers, body


@dataclass(frozen=True)
class CachedPage:
    body: bytes
    etag: str
    gzipped: bytes | None = None  # the same JSON compressed, for a page worth compressing


def cached_page(body: bytes, etag: str) -> CachedPage:
    """Compressed here, once per story version and page, rather than on every read."""
    return CachedPage(body, etag, compress(body) if len(body) >= GZIP_MIN_BYTES else None)


class PageCache:
    """A small LRU of pages by `page_key`. Keys carry the story version, so a write makes old
    entries unreachable; but while the first reader after a write builds the new page, the
    readers who come meanwhile get the page of the version before (tens of milliseconds old, well
    within the read freshness) instead of queueing behind the build: on a story taking comments
    and likes every second, otherwise every write stalls every reader of every page of it."""

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[tuple[object, ...], CachedPage] = OrderedDict()
        self._builds: SingleFlight[tuple[object, ...], CachedPage] = SingleFlight()
        # The newest page kept of each (story, sort, limit, cursor), whatever its version.
        self._newest: OrderedDict[tuple[object, ...], tuple[int, CachedPage]] = OrderedDict()

    async def get_or_build(
        self, key: tuple[object, ...], build: Callable[[], Awaitable[CachedPage]]
    ) -> CachedPage:
        """The cached page, or one build of it shared by every reader who asks meanwhile (who
        get the version before instead, if there is one)."""
        page = self.get(key)
        metrics.page_cache_lookup(hit=page is not None)
        if page is not None:
            return page
        return await self._builds.run(key, build, keep=lambda built: self.put(key, built))

    def get(self, key: tuple[object, ...]) -> CachedPage | None:
        """The page of `key`; or, while it is being built, the newest page of an older version."""
        page = self._entries.get(key)
        if page is not None:
            self._entries.move_to_end(key)
            return page
        if self._builds.loading(key):
            newest = self._newest.get(_unversioned(key))
            if newest is not None and newest[0] < _version(key):
                return newest[1]
        return None

    def put(self, key: tuple[object, ...], page: CachedPage) -> None:
        self._entries[key] = page
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)
        same = _unversioned(key)
        kept = self._newest.get(same)
        if kept is None or kept[0] <= _version(key):
            self._newest[same] = (_version(key), page)
        self._newest.move_to_end(same)
        while len(self._newest) > self.max_entries:
            self._newest.popitem(last=False)


def _version(key: tuple[object, ...]) -> int:
    version = key[1]
    assert isinstance(version, int)
    return version


def _unversioned(key: tuple[object, ...]) -> tuple[object, ...]:
    return (key[0], *key[2:])


def etag_for(key: tuple[object, ...]) -> str:
    return '"' + hashlib.blake2s(repr(key).encode(), digest_size=12).hexdigest() + '"'


def gzip_etag(etag: str) -> str:
    """The gzip bytes are another representation: a strong ETag of their own (RFC 9110 8.8.3)."""
    return etag[:-1] + '-gzip"'


def page_key(
    story_id: int, version: int, sort: str, limit: int, cursor: str | None
) -> tuple[object, ...]:
    """The one key both the API handler and the fast read path use for a page; `sort` is the
    listing's `listing_of` (a sort, or a filter, which orders by itself)."""
    return (story_id, version, sort, limit, cursor)


def listing_of(sort: str, chosen_filter: str | None) -> str:
    """Which listing of a story a page is: a sort of the thread, or a filtered one. `featured`
    orders its comments itself, whatever the sort asked; a Q&A story's questions (`answered`,
    `unanswered`) come in the sort asked, so each sort is a listing of its own."""
    if chosen_filter is None:
        return sort
    if chosen_filter == CommentFilter.FEATURED:
        return f"filter={chosen_filter}"
    return f"filter={chosen_filter}&sort={sort}"


def page_answer(page: CachedPage, request_headers: Mapping[bytes, bytes]) -> Answer:
    """The answer for a cached page, the same from the API handler and the fast path."""
    gzipped = page.gzipped if accepts_gzip(request_headers.get(b"accept-encoding")) else None
    etag = page.etag if gzipped is None else gzip_etag(page.etag)
    headers = [(b"etag", etag.encode()), _CACHE_CONTROL, VARY]
    if etag_listed(request_headers.get(b"if-none-match"), etag):
        return 304, headers, b""
    body = page.body if gzipped is None else gzipped
    headers += [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
    if gzipped is not None:
        headers.append((b"content-encoding", b"gzip"))
    return 200, headers, body


def etag_listed(if_none_match: bytes | None, etag: str) -> bool:
    """`If-None-Match` names this ETag (weak comparison, as RFC 9110 13.1.2 asks) or is `*`."""
    if not if_none_match:
        return False
    wanted = etag.encode()
    for tag in if_none_match.split(b","):
        tag = tag.strip()
        if tag == b"*" or tag.removeprefix(b"W/") == wanted:
            return True
    return False
