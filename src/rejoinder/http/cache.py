"""Serialised comment pages kept per story version: reads skip the ORM and JSON encoding."""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass


@dataclass(frozen=True)
class CachedPage:
    body: bytes
    etag: str


class PageCache:
    """A small LRU. Keys carry the story version, so a write makes old entries unreachable."""

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[tuple[object, ...], CachedPage] = OrderedDict()

    def get(self, key: tuple[object, ...]) -> CachedPage | None:
        page = self._entries.get(key)
        if page is not None:
            self._entries.move_to_end(key)
        return page

    def put(self, key: tuple[object, ...], page: CachedPage) -> None:
        self._entries[key] = page
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)


def etag_for(key: tuple[object, ...]) -> str:
    return '"' + hashlib.blake2s(repr(key).encode(), digest_size=12).hexdigest() + '"'


def page_key(
    story_id: int, version: int, sort: str, limit: int, cursor: str | None
) -> tuple[object, ...]:
    """The one key both the API handler and the fast read path use for a page."""
    return (story_id, version, sort, limit, cursor)
