"""The hot read path: a cached page of comments answered before FastAPI routing (ADR 0005).

Only a request that the full handler would answer from the same caches is served here; anything
else (a cache miss, an unusual query string, a signed-in reader who may have muted someone, any
error) falls through to the API unchanged.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Receive, Scope, Send

from rejoinder.domain.enums import CommentFilter, SortOrder
from rejoinder.domain.limits import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from rejoinder.http.cache import Answer, PageCache, listing_of, page_answer, page_key
from rejoinder.http.deps import SESSION_COOKIE
from rejoinder.platform import metrics
from rejoinder.platform.story_cache import StoryCache
from rejoinder.services.stories import StoryRef

LIST_PATH = re.compile(r"^/api/v1/sites/([^/]+)/stories/([^/]+)/comments$")
# The template of the route this path answers for: requests and their latency are counted under it.
LIST_ROUTE = "/api/v1/sites/{site}/stories/{story}/comments"
ROUTE_KEY = "rejoinder.route"  # set in the scope for the access log, which no router reaches
SORTS = {sort.value for sort in SortOrder}
# A filtered listing the handler caches as it does the thread's sorts; the others (a Q&A story's)
# fall through.
CACHED_FILTERS = {CommentFilter.FEATURED.value}
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
    """(listing, limit, cursor) when the query is plainly valid; None lets the API decide. The
    listing is `cache.listing_of` the sort and filter."""
    pairs = parse_qsl(query.decode("latin-1"), keep_blank_values=True)
    params = dict(pairs)
    if len(params) != len(pairs) or not set(params) <= {"sort", "limit", "cursor", "filter"}:
        return None
    sort = params.get("sort", SortOrder.OLDEST.value)
    limit_text = params.get("limit", str(DEFAULT_PAGE_SIZE))
    cursor = params.get("cursor")
    chosen_filter = params.get("filter")
    if sort not in SORTS or not limit_text.isdigit() or not 1 <= int(limit_text) <= MAX_PAGE_SIZE:
        return None
    if cursor is not None and (not cursor or len(cursor) > 200):
        return None
    if chosen_filter is not None and chosen_filter not in CACHED_FILTERS:
        return None
    return listing_of(sort, chosen_filter), int(limit_text), cursor


class FastReads:
    def __init__(self, app: ASGIApp, stories: StoryCache[StoryRef], pages: PageCache) -> None:
        self.app, self.stories, self.pages = app, stories, pages

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        answer = self._cached(scope) if scope["type"] == "http" else None
        if answer is None:
            await self.app(scope, receive, send)
            return
        status, headers, body = answer
        scope[ROUTE_KEY] = LIST_ROUTE
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    def _cached(self, scope: Scope) -> Answer | None:
        match = LIST_PATH.match(scope["path"]) if scope["method"] == "GET" else None
        if match is not None and carries_sign_in(scope["headers"]):
            return None
        query = parse_page_query(scope["query_string"]) if match else None
        if match is None or query is None:
            return None
        # ASGI's path is percent-decoded already, and the API's router takes its keys from it.
        ref = self.stories.fresh(match.group(1), match.group(2))
        if ref is None or ref.story is None:
            return None
        page = self.pages.get(page_key(ref.story.id, ref.story.version, *query))
        if page is None:
            return None  # the handler looks the page up again, and counts that lookup
        metrics.page_cache_lookup(hit=True)
        return page_answer(page, dict(scope["headers"]))
