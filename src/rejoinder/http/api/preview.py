"""Preview a comment before posting it."""

from __future__ import annotations

from fastapi import APIRouter

from rejoinder.http.api import JsonBody
from rejoinder.http.deps import RequesterDep, SessionDep
from rejoinder.http.limits import limited
from rejoinder.http.schemas.comments import PreviewIn, PreviewOut
from rejoinder.http.schemas.errors import errors
from rejoinder.services import previews

router = APIRouter(tags=["comments"])


@router.post(
    "/sites/{site}/preview",
    response_model=PreviewOut,
    responses=errors(400, 401, 403, 415, 429),
    dependencies=[JsonBody, limited("preview")],
)
async def preview(
    site: str, payload: PreviewIn, session: SessionDep, who: RequesterDep
) -> PreviewOut:
    """Render a comment's markdown the way publishing would; nothing is stored."""
    return PreviewOut(body_html=await previews.preview(session, site, payload.body, who))
