"""Comment counts for many stories at once (article lists, front pages)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from rejoinder.domain.errors import BadRequest, TooLarge
from rejoinder.domain.limits import MAX_COUNT_KEYS
from rejoinder.http.cache import PUBLIC_CACHE_CONTROL
from rejoinder.http.deps import ReadSessionDep
from rejoinder.http.limits import limited
from rejoinder.http.schemas.errors import errors
from rejoinder.http.schemas.stories import CountsOut
from rejoinder.services import stories

router = APIRouter(tags=["stories"])

Keys = Annotated[list[str] | None, Query(description="Repeat the parameter for each one.")]


@router.get(
    "/sites/{site}/counts",
    response_model=CountsOut,
    responses=errors(400, 401, 429),
    dependencies=[limited("counts")],
)
async def counts(
    site: str, session: ReadSessionDep, response: Response, story: Keys = None, url: Keys = None
) -> CountsOut:
    """Published comment counts by story id and/or by URL (at most 100 of each)."""
    story, url = story or [], url or []
    if not story and not url:
        raise BadRequest("Ask for at least one story=ID or url=URL.")
    if len(story) > MAX_COUNT_KEYS or len(url) > MAX_COUNT_KEYS:
        raise TooLarge(f"Ask for at most {MAX_COUNT_KEYS} stories or URLs at a time.")
    by_key, by_url = await stories.counts(session, site, story, url)
    response.headers["cache-control"] = PUBLIC_CACHE_CONTROL  # as fresh as the pages they count
    return CountsOut(stories=by_key, urls=by_url)
