"""Preview a comment before posting it."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from rejoinder.domain.limits import MAX_COMMENT_CHARS
from rejoinder.http.api import JsonBody
from rejoinder.http.deps import RequesterDep, SessionDep
from rejoinder.http.limits import limited
from rejoinder.http.schemas import Strict
from rejoinder.services import previews

router = APIRouter(tags=["comments"])


class PreviewIn(Strict):
    body: str = Field(max_length=MAX_COMMENT_CHARS, description="Markdown, as it would be posted.")


class PreviewOut(BaseModel):
    body_html: str = Field(description="Sanitised HTML, exactly as the comment would be shown.")


@router.post(
    "/sites/{site}/preview",
    response_model=PreviewOut,
    dependencies=[JsonBody, limited("preview")],
)
async def preview(
    site: str, payload: PreviewIn, session: SessionDep, who: RequesterDep
) -> PreviewOut:
    """Render a comment's markdown the way publishing would; nothing is stored."""
    return PreviewOut(body_html=await previews.preview(session, site, payload.body, who))
