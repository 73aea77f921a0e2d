"""GET a story."""

from __future__ import annotations

from fastapi import APIRouter

from rejoinder.http.deps import ReadSessionDep
from rejoinder.http.schemas.errors import errors
from rejoinder.http.schemas.stories import StoryOut
from rejoinder.services import stories

router = APIRouter(tags=["stories"])


@router.get("/sites/{site}/stories/{story}", response_model=StoryOut, responses=errors())
async def get_story(site: str, story: str, session: ReadSessionDep) -> StoryOut:
    found = (await stories.require(session, site, story)).story
    return StoryOut(
        id=found.key,
        url=found.url,
        title=found.title,
        comment_count=found.comment_count,
        published_at=found.published_at,
        closed_at=found.closed_at,
        created_at=found.created_at,
    )
