"""Reading discussions: a story's comments, a comment's replies, one comment in context."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

import orjson
from fastapi import APIRouter, Query, Request, Response

from rejoinder.domain.enums import CommentFilter, SortOrder
from rejoinder.domain.limits import DEFAULT_PAGE_SIZE
from rejoinder.http.cache import (
    PUBLIC_CACHE_CONTROL,
    CachedPage,
    PageCache,
    cached_page,
    etag_for,
    listing_of,
    page_answer,
    page_key,
)
from rejoinder.http.deps import PageCacheDep, ReaderDep, ReadRuntimeDep, ReadSessionDep
from rejoinder.http.params import Cursor, IdPath, Limit
from rejoinder.http.responses import raw_response
from rejoinder.http.schemas.comments import (
    CommentOut,
    CommentPageOut,
    CommentWithContextOut,
    public_comment_dict,
)
from rejoinder.http.schemas.errors import Responses, errors
from rejoinder.services import mutes, stories, threads
from rejoinder.services.threads import ThreadPage

router = APIRouter(tags=["comments"])

CACHE_CONTROL = PUBLIC_CACHE_CONTROL
PRIVATE = "private, no-store"  # a page filtered by one reader's mutes is theirs alone

# The shared page (the one readers without mutes get, also from http/fast_reads.py) is bytes
# serialised once per story version: CommentPageOut describes it, nothing validates it there.
_ETAG = {"description": "The page's version; send it back in If-None-Match to revalidate."}
CACHED_PAGE: Responses = {
    200: {
        "headers": {
            "ETag": {**_ETAG, "schema": {"type": "string"}},
            "Cache-Control": {"schema": {"type": "string"}},
        }
    },
    304: {
        "description": "Not modified: If-None-Match names the page's ETag (no body).",
        "headers": {"ETag": {**_ETAG, "schema": {"type": "string"}}},
    },
}


def _page_bytes(page: ThreadPage) -> bytes:
    return orjson.dumps(
        {
            "total": page.total,
            "items": [public_comment_dict(c, page.qa) for c in page.items],
            "next_cursor": page.next_cursor,
            "featured": [public_comment_dict(c, page.qa) for c in page.featured],
        }
    )


def _json(body: bytes, cache_control: str = CACHE_CONTROL) -> Response:
    return Response(body, media_type="application/json", headers={"cache-control": cache_control})


async def _shared_page(
    cache: PageCache, key: tuple[object, ...], read: Callable[[], Awaitable[ThreadPage]]
) -> CachedPage:
    """The page of every reader without mutes: built once per story version, then cached."""

    async def build() -> CachedPage:
        return cached_page(_page_bytes(await read()), etag_for(key))

    return await cache.get_or_build(key, build)


FilterQuery = Annotated[
    CommentFilter | None,
    Query(
        alias="filter",
        description=(
            "Instead of the thread: `featured`, the story's featured comments (any depth, flat, "
            "most recently featured first; `sort` is ignored); `answered` / `unanswered`, a Q&A "
            "story's questions (its top-level comments) that one of its experts replied to, or "
            "not yet, in the `sort` asked and with their replies (a 400 on a story not in Q&A "
            "mode)."
        ),
    ),
]


@router.get(
    "/sites/{site}/stories/{story}/comments",
    response_model=CommentPageOut,
    responses={**CACHED_PAGE, **errors(400)},
)
async def list_comments(
    request: Request,
    site: str,
    story: str,
    session: ReadSessionDep,
    runtime: ReadRuntimeDep,
    cache: PageCacheDep,
    reader: ReaderDep,
    sort: SortOrder = SortOrder.OLDEST,
    limit: Limit = DEFAULT_PAGE_SIZE,
    cursor: Cursor = None,
    chosen_filter: FilterQuery = None,
) -> Response:
    """A page of top-level comments with their first replies; cached per story version. The
    first page also carries the story's `featured` comments (at most 3).

    With `filter`, another listing of the story instead (see the parameter), paged the same way.
    A signed-in reader who has muted someone gets a page of their own, never cached or shared.
    """
    ref = await stories.lookup_for_reading(session, runtime, site, story)
    found = ref.story

    def read(hidden: frozenset[int] = frozenset()) -> Awaitable[ThreadPage]:
        return threads.listing(session, found, sort, chosen_filter, limit, cursor, hidden)

    if found is None:  # no comments yet; a filter and a cursor are still checked
        return _json(_page_bytes(await read()))
    hidden = await mutes.hidden_authors(session, reader)
    if hidden:
        return _json(_page_bytes(await read(hidden)), cache_control=PRIVATE)
    listing = listing_of(sort.value, chosen_filter and chosen_filter.value)
    key = page_key(found.id, found.version, listing, limit, cursor)
    cached = await _shared_page(cache, key, read)
    # Which coding, hence which ETag, depends on the page's size: known once it is in hand.
    return raw_response(*page_answer(cached, dict(request.scope["headers"])))


@router.get(
    "/sites/{site}/comments/{comment_id}/replies",
    response_model=CommentPageOut,
    responses=errors(400),
)
async def list_replies(
    site: str,
    comment_id: IdPath,
    session: ReadSessionDep,
    reader: ReaderDep,
    limit: Limit = DEFAULT_PAGE_SIZE,
    cursor: Cursor = None,
) -> Response:
    """Direct replies to a comment, oldest first ("continue this thread")."""
    hidden = await mutes.hidden_authors(session, reader)
    page = await threads.replies_page(session, site, comment_id, limit, cursor, hidden)
    return _json(_page_bytes(page), cache_control=PRIVATE if hidden else CACHE_CONTROL)


@router.get(
    "/sites/{site}/comments/{comment_id}", response_model=CommentWithContextOut, responses=errors()
)
async def get_comment(
    site: str, comment_id: IdPath, session: ReadSessionDep
) -> CommentWithContextOut:
    """One published comment with its parents, for permalinks."""
    comment, ancestors, marks = await threads.with_ancestors(session, site, comment_id)
    return CommentWithContextOut(
        comment=CommentOut.model_validate(public_comment_dict(comment, marks)),
        ancestors=[CommentOut.model_validate(public_comment_dict(a, marks)) for a in ancestors],
    )
