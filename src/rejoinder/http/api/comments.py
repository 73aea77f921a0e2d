"""Writing comments: post or reply, read own source, edit, delete."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Response

from rejoinder.domain.enums import CommentStatus
from rejoinder.http.api import JsonBody
from rejoinder.http.deps import (
    PostWriterDep,
    ReaderDep,
    RequesterDep,
    RuntimeDep,
    SessionDep,
    writes_through_post_writer,
)
from rejoinder.http.limits import limited
from rejoinder.http.params import IdPath
from rejoinder.http.responses import json_response
from rejoinder.http.schemas.comments import (
    CommentEditIn,
    CommentIn,
    CommentSourceOut,
    CommentWrittenOut,
    comment_dict,
)
from rejoinder.http.schemas.errors import Responses, errors
from rejoinder.services import comments
from rejoinder.services.comments import NewComment, Written

router = APIRouter(tags=["comments"])

# The comment's edit token; without it, the signed-in reader who wrote the comment acts on it
# (their comments listed across stories, `GET /sites/{site}/me/comments`).
EditToken = Annotated[
    str | None,
    Header(
        alias="X-Edit-Token",
        max_length=512,
        description="The comment's edit token; optional for its signed-in author.",
    ),
]
HELD: Responses = {202: {"description": "Held for moderation", "model": CommentWrittenOut}}
# A write checks the Origin, the sign-in or the edit token, and the writer's standing (403).
WRITE = errors(400, 401, 403, 409, 415, 429)


def _written(result: Written, created: bool) -> Response:
    body = CommentWrittenOut.model_validate(
        {
            **comment_dict(result.comment, result.qa),
            "edit_token": result.edit_token,
            "moderation": {
                "action": result.review.action.value,
                "reasons": [
                    {"code": r.get("code", ""), "message": r.get("message", "")}
                    for r in result.review.reasons
                ],
            },
        }
    )
    published = result.review.status is CommentStatus.PUBLISHED
    status = (201 if created else 200) if published else 202
    return json_response(body.model_dump(mode="json"), status_code=status)


@router.post(
    "/sites/{site}/stories/{story}/comments",
    status_code=201,
    response_model=CommentWrittenOut,
    responses={**HELD, **WRITE},
    dependencies=[JsonBody, limited("post")],
)
@writes_through_post_writer
async def post_comment(
    site: str,
    story: str,
    payload: CommentIn,
    session: SessionDep,
    runtime: RuntimeDep,
    requester: RequesterDep,
    writer: PostWriterDep,
) -> Response:
    """Post a comment or a reply: 201 when published, 202 when held for review."""
    new = NewComment(
        body=payload.body,
        author_name=payload.author_name,
        author_email=payload.author_email,
        parent_id=payload.parent_id,
        story_url=payload.story_url,
        story_title=payload.story_title,
        resubmitted_after_nudge=payload.resubmit,
        notify_replies=payload.notify_replies,
        language=payload.language,
    )
    prepared = await comments.prepare_post(session, runtime, site, story, new, requester)
    await session.commit()  # a story its first comment started is in before the writer's turn
    return _written(await writer.write(prepared), created=True)


@router.get(
    "/sites/{site}/comments/{comment_id}/source",
    response_model=CommentSourceOut,
    responses=errors(401, 403),
)
async def get_source(
    site: str,
    comment_id: IdPath,
    session: SessionDep,
    runtime: RuntimeDep,
    principal: ReaderDep,
    token: EditToken = None,
) -> CommentSourceOut:
    """The markdown source of a comment, for its author (X-Edit-Token, or signed in as them)."""
    comment = await comments.source(session, runtime, site, comment_id, token, principal)
    return CommentSourceOut.model_validate({**comment_dict(comment), "body": comment.body_src})


@router.patch(
    "/sites/{site}/comments/{comment_id}",
    response_model=CommentWrittenOut,
    responses={**HELD, **WRITE},
    dependencies=[JsonBody, limited("post")],
)
async def edit_comment(
    site: str,
    comment_id: IdPath,
    payload: CommentEditIn,
    session: SessionDep,
    runtime: RuntimeDep,
    requester: RequesterDep,
    token: EditToken = None,
) -> Response:
    """Edit within the site's window; the edit is moderated again."""
    result = await comments.edit(session, runtime, site, comment_id, payload.body, token, requester)
    return _written(result, created=False)


@router.delete(
    "/sites/{site}/comments/{comment_id}", status_code=204, responses=errors(401, 403, 409)
)
async def delete_comment(
    site: str,
    comment_id: IdPath,
    session: SessionDep,
    runtime: RuntimeDep,
    requester: RequesterDep,
    token: EditToken = None,
) -> Response:
    """Delete your own comment: a tombstone keeps its replies readable."""
    await comments.delete(session, runtime, site, comment_id, token, requester)
    return Response(status_code=204)
