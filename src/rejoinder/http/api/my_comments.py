"""A reader's own comments across a site's stories, deleting an account by a mailed link, and a
guest's "forget me" (docs/accounts.md)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from rejoinder.http.api import JsonBody
from rejoinder.http.api.auth import NO_STORE
from rejoinder.http.deps import AccountDep, RuntimeDep, SessionDep, request_ip
from rejoinder.http.params import Cursor, Limit
from rejoinder.http.responses import json_response
from rejoinder.http.schemas.errors import errors
from rejoinder.http.schemas.my_comments import ForgetIn, MyCommentsOut, SentOut, reply_dict
from rejoinder.services import account_deletion, guest_forget, my_comments
from rejoinder.services.my_comments import MyComment

router = APIRouter(tags=["accounts"])


def _item(item: MyComment) -> dict[str, Any]:
    comment, story = item.comment, item.story
    return {
        "comment": {
            "id": comment.id,
            "body_html": comment.body_html,
            "status": comment.status,
            "created_at": comment.created_at,
            "edited_at": comment.edited_at,
            "editable_until": item.editable_until,
            "like_count": comment.like_count,
            "reply_count": comment.reply_count,
            "permalink": item.permalink,
        },
        "story": {"key": story.key, "title": story.title, "url": story.url},
        "replies": [reply_dict(reply) for reply in item.replies],
    }


def _sent() -> Response:
    return json_response(SentOut().model_dump(), 202, NO_STORE)


@router.get(
    "/sites/{site}/me/comments", response_model=MyCommentsOut, responses=errors(400, 401, 403)
)
async def my_comments_page(
    site: str,
    session: SessionDep,
    runtime: RuntimeDep,
    principal: AccountDep,
    limit: Limit = my_comments.DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Response:
    """Your comments on this site across its stories, newest first (deleted ones left out, held
    and rejected ones with their status), each with its newest replies; paged by `next_cursor`.
    Edit and delete them with the comment endpoints (no edit token needed when signed in)."""
    found = await my_comments.page(session, runtime, site, principal, limit, cursor)
    body = {"items": [_item(item) for item in found.items], "next_cursor": found.next_cursor}
    return json_response(body, headers=NO_STORE)


@router.post(
    "/me/deletion",
    status_code=202,
    response_model=SentOut,
    # 403: an API token, or a cookie write without its CSRF token; 409: no confirmed address.
    responses=errors(401, 403, 409, 429),
)
async def request_deletion(
    session: SessionDep, runtime: RuntimeDep, principal: AccountDep
) -> Response:
    """Mail a link to your confirmed address; the page it opens deletes your account when you
    press its button (24 hours, once). For accounts without a password, and for all."""
    await account_deletion.request(session, runtime, principal)
    return _sent()


@router.post(
    "/sites/{site}/guests/forget",
    status_code=202,
    response_model=SentOut,
    responses=errors(400, 403, 415, 429),
    dependencies=[JsonBody],
)
async def forget_guest(
    site: str, payload: ForgetIn, request: Request, session: SessionDep, runtime: RuntimeDep
) -> Response:
    """Ask the site to forget a guest's address: 202 whatever the address. If the address
    commented here (or asked for replies), it gets a link whose page erases those comments and
    its reply notifications."""
    ip = request_ip(request, runtime)
    origin = request.headers.get("origin")
    await guest_forget.request(session, runtime, site, payload.email, ip, origin)
    return _sent()
