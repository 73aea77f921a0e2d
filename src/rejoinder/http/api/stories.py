"""GET a story."""

from __future__ import annotations

from fastapi import APIRouter

from rejoinder.http.deps import ReadSessionDep
from rejoinder.http.schemas.errors import errors
from rejoinder.http.schemas.stories import ExpertOut, StoryOut
from rejoinder.services import qa
from rejoinder.services.qa import StoryWithExperts

router = APIRouter(tags=["stories"])


def story_out(found: StoryWithExperts) -> StoryOut:
    story = found.story
    shown = found.experts if found.qa else []
    return StoryOut(
        id=story.key,
        url=story.url,
        title=story.title,
        comment_count=story.comment_count,
        published_at=story.published_at,
        closed_at=story.closed_at,
        created_at=story.created_at,
        qa=found.qa,
        experts=[ExpertOut(account_id=a.id, display_name=a.display_name) for a in shown],
    )


@router.get("/sites/{site}/stories/{story}", response_model=StoryOut, responses=errors())
async def get_story(site: str, story: str, session: ReadSessionDep) -> StoryOut:
    """The story; in Q&A mode, with its experts."""
    return story_out(await qa.with_experts(session, site, story))
