"""Server-rendered pages: the article page at `/` (readable without JavaScript), health."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from rejoinder.domain.enums import SortOrder
from rejoinder.domain.limits import MAX_PAGE_SIZE
from rejoinder.http.deps import SessionDep
from rejoinder.http.responses import json_response
from rejoinder.services import stories, threads
from rejoinder.storage.repositories import health

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).parent.parent / "templates"))


@router.get("/", response_class=HTMLResponse)
async def home(request: Request, session: SessionDep) -> HTMLResponse:
    home_story: str | None = request.app.state.runtime.settings.home_story
    if not home_story or "/" not in home_story:
        return templates.TemplateResponse(request, "index.html", {})
    site_slug, story_key = home_story.split("/", 1)
    ref = await stories.require(session, site_slug, story_key)
    assert ref.story is not None
    page = await threads.story_page(session, ref.story, SortOrder.OLDEST, MAX_PAGE_SIZE, None)
    context = {"site": ref.site, "story": ref.story, "page": page}
    return templates.TemplateResponse(request, "article.html", context)


@router.get("/healthz")
async def healthz() -> Response:
    return json_response({"status": "ok"})


@router.get("/readyz")
async def readyz(session: SessionDep) -> Response:
    await health.ping(session)
    return json_response({"status": "ready"})
