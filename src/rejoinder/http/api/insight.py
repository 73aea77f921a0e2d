"""Discussion insight for staff (issue 18): a story's viewpoints, temperature, questions and
inferred replies, and accepting an inferred reply. An admin's or the site's moderator's sign-in
(an API token, or the dashboard's session): 401 without one, 403 for anyone else."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from rejoinder.http.api import JsonBody
from rejoinder.http.deps import AccountDep, RuntimeDep, SessionDep
from rejoinder.http.params import IdPath
from rejoinder.http.schemas.comments import CommentOut, comment_dict
from rejoinder.http.schemas.errors import errors
from rejoinder.http.schemas.insight import AcceptReplyIn, InsightOut
from rejoinder.services import insight
from rejoinder.services.insight import StoryInsightView

router = APIRouter(tags=["insight"])


def insight_out(view: StoryInsightView) -> InsightOut:
    payload: dict[str, Any] = view.payload
    replies = [
        {**reply, "accepted": reply["comment_id"] in view.accepted_ids}
        for reply in payload.get("inferred_replies", [])
    ]
    return InsightOut.model_validate(
        {
            **payload,
            "inferred_replies": replies,
            "computed_at": view.computed_at,
            "story_version": view.story_version,
            "stale": view.stale,
        }
    )


@router.get(
    "/sites/{site}/stories/{story}/insight",
    response_model=InsightOut,
    responses=errors(401, 403),
)
async def story_insight(
    site: str, story: str, session: SessionDep, runtime: RuntimeDep, principal: AccountDep
) -> InsightOut:
    """What the story's discussion says: its viewpoints (groups of comments with a label and
    representative comments), its temperature over time, the questions readers asked with
    their answers, and, on a flat page, which earlier comment each comment answers. Computed
    by a job shortly after comments change (`stale` until then); computed for this request
    when no job has yet."""
    return insight_out(await insight.read(session, runtime, site, story, principal))


@router.post(
    "/sites/{site}/stories/{story}/insight/replies/{comment_id}/accept",
    response_model=CommentOut,
    responses=errors(400, 401, 403, 409, 415),
    dependencies=[JsonBody],
)
async def accept_inferred_reply(
    site: str,
    story: str,
    comment_id: IdPath,
    payload: AcceptReplyIn,
    session: SessionDep,
    runtime: RuntimeDep,
    principal: AccountDep,
) -> CommentOut:
    """Accept an inferred reply: the comment becomes a real reply to `parent_id` (the earlier
    comment the insight suggests), with an audit entry `comment.reparent`. 409 when the comment
    already answers one, or the suggestion no longer stands; 400 for a parent that is not an
    earlier comment of the story."""
    comment = await insight.accept_reply(
        session, runtime, site, story, comment_id, payload.parent_id, principal
    )
    return CommentOut.model_validate(comment_dict(comment))
