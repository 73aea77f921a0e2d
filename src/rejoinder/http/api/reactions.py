"""Reactions and reports on a comment."""

from __future__ import annotations

from fastapi import APIRouter

from rejoinder.domain.enums import ReactionKind
from rejoinder.http.api import JsonBody
from rejoinder.http.deps import RequesterDep, RuntimeDep, SessionDep
from rejoinder.http.limits import limited
from rejoinder.http.params import IdPath
from rejoinder.http.schemas.comments import ReactionIn, ReactionOut, ReportIn, ReportOut
from rejoinder.http.schemas.errors import errors
from rejoinder.services import reactions, reports

router = APIRouter(tags=["reactions and reports"])

# 403: the Origin, the site's settings, or one's own comment; 409: already reported (or a race).
WRITE = errors(400, 401, 403, 409, 415, 429)


@router.post(
    "/sites/{site}/comments/{comment_id}/reactions",
    response_model=ReactionOut,
    responses=WRITE,
    dependencies=[JsonBody, limited("react")],
)
async def add_reaction(
    site: str,
    comment_id: IdPath,
    payload: ReactionIn,
    session: SessionDep,
    runtime: RuntimeDep,
    who: RequesterDep,
) -> ReactionOut:
    """Like a comment; liking twice counts once."""
    count = await reactions.react(session, runtime, site, comment_id, payload.kind, who)
    return ReactionOut(like_count=count)


@router.delete(
    "/sites/{site}/comments/{comment_id}/reactions/{kind}",
    response_model=ReactionOut,
    responses=errors(401, 403, 409, 429),
    dependencies=[limited("react")],  # like, unlike, like...: each one rewrites the page
)
async def remove_reaction(
    site: str,
    comment_id: IdPath,
    kind: ReactionKind,
    session: SessionDep,
    runtime: RuntimeDep,
    who: RequesterDep,
) -> ReactionOut:
    count = await reactions.unreact(session, runtime, site, comment_id, kind, who)
    return ReactionOut(like_count=count)


@router.post(
    "/sites/{site}/comments/{comment_id}/reports",
    status_code=201,
    response_model=ReportOut,
    responses=WRITE,
    dependencies=[JsonBody, limited("report")],
)
async def add_report(
    site: str,
    comment_id: IdPath,
    payload: ReportIn,
    session: SessionDep,
    runtime: RuntimeDep,
    who: RequesterDep,
) -> ReportOut:
    """Report a comment to the moderators, with a reason ("illegal" for DSA notices, which
    need `legal_ground` and an explanation in `detail`: 400 without them)."""
    report = await reports.report(
        session, runtime, site, comment_id, payload.reason, payload.detail, who, payload.notice()
    )
    return ReportOut(id=report.id, reason=payload.reason)
