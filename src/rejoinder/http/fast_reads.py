"""The hot read path: a cached page of comments answered before FastAPI routing (ADR 0005).

Only a request that the full handler would answer from the same caches is served here; anything
else (a cache miss, an unusual query string, a signed-in reader who may have muted someone, any
error) falls through to the API unchanged.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote

from starlette.types import ASGIApp, Receive, Scope, Send

from rejoinder.domain.enums import SortOrder
from rejoinder.domain.limits import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from rejoinder.http.cache import PageCache, page_key
from rejoinder.http.deps import SESSION_COOKIE
from rejoinder.services.story_cache import StoryCache

LIST_PATH = re.compile(r"^/api/v1/sites/([^/]+)/stories/([^/]+)/comments$")
SORTS = {sort.value for sort in SortOrder}
CACHE_CONTROL = b"public, max-age=0, s-maxage=2, stale-while-revalidate=5"
SESSION_COOKIE_PREFIX = f"{SESSION_COOKIE}=".encode()


def carries_sign_in(headers: list[tuple[bytes, bytes]]) -> bool:
    """A bearer token or the session cookie: the reader's page depends on their mutes."""
    for name, value in headers:
        if name == b"authorization":
            return True
        if name == b"cookie" and SESSION_COOKIE_PREFIX in value:
            return True
    return False


def parse_page_query(query: bytes) -> tuple[str, int, str | None] | None:
    """(sort, limit, cursor) when the query is plainly valid; None lets the API decide."""
    pairs = parse_qsl(query.decode("latin-1"), keep_blank_values=True)
    params = dict(pairs)
    if len(params) != len(pairs) or not set(params) <= {"sort", "limit", "cursor"}:
        return None
    sort = params.get("sort", SortOrder.OLDEST.value)
    limit_text = params.get("limit", str(DEFAULT_PAGE_SIZE))
    cursor = params.get("cursor")
    if sort not in SORTS or not limit_text.isdigit() or not 1 <= int(limit_text) <= MAX_PAGE_SIZE:
        return None
    if cursor is not None and (not cursor or len(cursor) > 200):
        return None
    return sort, int(limit_text), cursor


class FastReads:
    def __init__(self, app: ASGIApp, stories: StoryCache, pages: PageCache) -> None:
        self.app, self.stories, self.pages = app, stories, pages

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        answer = self._cached(scope) if scope["type"] == "http" else None
        if answer is None:
            await self.app(scope, receive, send)
            return
        status, headers, body = answer
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    def _cached(self, scope: Scope) -> tuple[int, list[tuple[bytes, bytes]], bytes] | None:
        match = LIST_PATH.match(scope["path"]) if scope["method"] == "GET" else None
        if match is not None and carries_sign_in(scope["headers"]):
            return None
        query = parse_page_query(scope["query_string"]) if match else None
        if match is None or query is None:
            return None
        ref = self.stories.get(unquote(match.group(1)), unquote(match.group(2)))
        if ref is None or ref.story is None:
            return None
        key = page_key(ref.story.id, ref.story.version, *query)
        page = self.pages.get(key)
        if page is None:
            return None
        headers = [(b"etag", page.etag.encode()), (b"cache-control", CACHE_CONTROL)]
        if dict(scope["headers"]).get(b"if-none-match") == page.etag.encode():
            return 304, headers, b""
        headers.append((b"content-type", b"application/json"))
        headers.append((b"content-length", str(len(page.body)).encode()))
        return 200, headers, page.body
