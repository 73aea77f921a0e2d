"""Server-rendered pages: the article page at `/` and the comments fragment (readable without
JavaScript, and what the widget hydrates from), health checks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

import orjson
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from rejoinder.domain.enums import SortOrder
from rejoinder.domain.views import CommentView
from rejoinder.http.deps import SessionDep
from rejoinder.http.schemas.comments import author_badge, is_featured, public_comment_dict
from rejoinder.http.schemas.health import HealthOut
from rejoinder.i18n import locales, translator
from rejoinder.services import access, health, stories, threads
from rejoinder.services.threads import ThreadPage

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).parent.parent / "templates"))

# Must match PAGE_SIZE in widget/src/element.ts: the widget hydrates only from a page it
# would fetch itself.
WIDGET_PAGE_SIZE = 50
WIDGET_SORT = SortOrder.OLDEST
FRAGMENT_CACHE_CONTROL = "public, max-age=0, s-maxage=2, stale-while-revalidate=5"

# JSON inside <script> (SECURITY 1): these never occur outside JSON strings, where \uXXXX is valid.
_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
                   0x2028: "\\u2028", 0x2029: "\\u2029"}  # fmt: skip


def script_json(data: Any) -> Markup:
    """JSON that cannot end its <script> element or start markup, whatever strings it holds."""
    return Markup(orjson.dumps(data).decode().translate(_SCRIPT_ESCAPES))  # noqa: S704


@dataclass
class ThreadNode:
    comment: CommentView
    replies: list[ThreadNode] = field(default_factory=list)


def nest(items: Sequence[CommentView]) -> list[ThreadNode]:
    """The page's thread order (parents before replies) as a tree; orphans become top-level."""
    nodes: dict[int, ThreadNode] = {}
    roots: list[ThreadNode] = []
    for comment in items:
        node = nodes[comment.id] = ThreadNode(comment)
        parent = nodes.get(comment.parent_id) if comment.parent_id is not None else None
        (parent.replies if parent else roots).append(node)
    return roots


@dataclass(frozen=True)
class PageLanguage:
    """The no-JS page's language: `?lang=`, else the site's (every site has one, `en` by
    default), else the browser's (then `by_browser`: the answer varies with Accept-Language),
    else English."""

    code: str
    by_browser: bool

    @property
    def headers(self) -> dict[str, str]:
        return {"vary": "Accept-Language"} if self.by_browser else {}


def page_language(request: Request, asked: str | None, configured: str | None) -> PageLanguage:
    chosen = locales.supported(asked) or locales.supported(configured)
    if chosen is not None:
        return PageLanguage(chosen, by_browser=False)
    browser = locales.negotiate(request.headers.get("accept-language"))
    return PageLanguage(browser or locales.DEFAULT_LANGUAGE, by_browser=True)


def _comments_context(
    request: Request, site: str, story: str, page: ThreadPage, lang: str, first_page: bool
) -> dict[str, Any]:
    embedded = {
        "sort": WIDGET_SORT.value,
        "limit": WIDGET_PAGE_SIZE,
        "page": {
            "total": page.total,
            "items": [public_comment_dict(c, page.qa) for c in page.items],
            "next_cursor": page.next_cursor,
            "featured": [public_comment_dict(c, page.qa) for c in page.featured],
        },
    }
    more_url = None
    if page.next_cursor:
        query = urlencode({"cursor": page.next_cursor, "lang": lang})
        more_url = f"{request.url_for('comments_fragment', site=site, story=story).path}?{query}"
    now = datetime.now(UTC)
    return {
        "t": translator(lang),
        "lang": lang,
        "when": lambda moment: locales.ago(moment, now, lang),
        "exact": lambda moment: locales.moment(moment, lang),
        "badge_of": author_badge,
        "is_featured": is_featured,
        "is_expert": lambda c: page.qa.expert(c.author_account_id, c.status),
        "is_answered": lambda c: page.qa.answered_of(c.id, c.parent_id) is True,
        "page": page,
        "tree": nest(page.items),
        "more_url": more_url,
        "embedded": script_json(embedded) if first_page else None,
    }


def _feed_urls(request: Request, site: str, story: str) -> dict[str, str]:
    """The story's feeds (http/feeds.py), for the page head's <link rel="alternate">."""
    return {
        kind: str(request.url_for(f"story_{kind}", site=site, story=story))
        for kind in ("atom", "rss")
    }


@router.get("/", response_class=HTMLResponse)
async def home(
    request: Request,
    session: SessionDep,
    lang: Annotated[str | None, Query(max_length=35)] = None,
) -> HTMLResponse:
    home_story: str | None = request.app.state.runtime.settings.home_story
    if not home_story or "/" not in home_story:
        return templates.TemplateResponse(request, "index.html", {})
    site_slug, story_key = home_story.split("/", 1)
    ref = await stories.require(session, site_slug, story_key)
    page = await threads.story_page(session, ref.story, WIDGET_SORT, WIDGET_PAGE_SIZE, None)
    chosen = page_language(request, lang, access.settings_of(ref.site).dsa.language)
    context = {
        "site": ref.site,
        "story": ref.story,
        "feed_urls": _feed_urls(request, site_slug, story_key),
        **_comments_context(request, site_slug, story_key, page, chosen.code, first_page=True),
    }
    return templates.TemplateResponse(request, "article.html", context, headers=chosen.headers)


@router.get("/fragments/sites/{site}/stories/{story}", response_class=HTMLResponse)
async def comments_fragment(
    request: Request,
    site: str,
    story: str,
    session: SessionDep,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    lang: Annotated[str | None, Query(max_length=35)] = None,
) -> HTMLResponse:
    """A page of a story's comments as HTML, to include inside <rejoinder-comments>."""
    ref = await stories.lookup(session, site, story)
    page = ThreadPage(0, [], None)
    if ref.story is not None:
        page = await threads.story_page(session, ref.story, WIDGET_SORT, WIDGET_PAGE_SIZE, cursor)
    chosen = page_language(request, lang, access.settings_of(ref.site).dsa.language)
    context = _comments_context(request, site, story, page, chosen.code, cursor is None)
    response = templates.TemplateResponse(
        request, "_comments.html", context, headers=chosen.headers
    )
    response.headers["cache-control"] = FRAGMENT_CACHE_CONTROL
    return response


@router.get("/healthz", response_model=HealthOut)
async def healthz() -> HealthOut:
    return HealthOut(status="ok")


@router.get("/readyz", response_model=HealthOut)
async def readyz(session: SessionDep) -> HealthOut:
    await health.ping(session)
    return HealthOut(status="ready")
