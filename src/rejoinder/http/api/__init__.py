"""The public JSON API under /api/v1."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from rejoinder.domain.errors import UnsupportedMediaType


async def require_json(request: Request) -> None:
    """Writes carry JSON (SECURITY 8): no text/plain, form posts or sendBeacon. Async although it
    awaits nothing: FastAPI runs a plain function in its thread pool (a hop per write)."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/json":
        raise UnsupportedMediaType(
            "Send the request body as JSON (Content-Type: application/json)."
        )


def api_router() -> APIRouter:
    from rejoinder.http.api import (
        auth,
        comments,
        counts,
        events,
        inbox,
        insight,
        me,
        moderation,
        mutes,
        my_comments,
        notifications,
        preview,
        reactions,
        sso,
        stories,
        threads,
    )

    router = APIRouter(prefix="/api/v1")
    for module in (stories, threads, comments, reactions, counts, preview, mutes, sso, moderation):
        router.include_router(module.router)
    for module in (my_comments,):  # a reader's own comments, deletion by mail, forget me
        router.include_router(module.router)
    for module in (insight,):  # discussion insight, for staff
        router.include_router(module.router)
    for module in (events,):  # live updates
        router.include_router(module.router)
    for module in (auth, notifications, me, inbox):  # accounts and sessions
        router.include_router(module.router)
    return router


JsonBody = Depends(require_json)
