"""The signed-in reader's inbox on a site: the widget's notification bell (docs/notifications.md).

Only for a sign-in (401 otherwise; guests have no inbox); never cached (`no-store`). Marking
read is a write like the other `/me` ones: JSON, and the CSRF token with a cookie session.
"""

from __future__ import annotations

from fastapi import APIRouter, Response

from rejoinder.http.api import JsonBody
from rejoinder.http.api.auth import NO_STORE
from rejoinder.http.deps import AccountDep, RuntimeDep, SessionDep
from rejoinder.http.params import Cursor, Limit
from rejoinder.http.responses import json_response
from rejoinder.http.schemas.errors import errors
from rejoinder.http.schemas.inbox import (
    InboxItemOut,
    InboxOut,
    InboxStoryOut,
    MarkReadIn,
    UnreadOut,
)
from rejoinder.services import inbox

router = APIRouter(prefix="/sites/{site}/me/inbox", tags=["accounts"])


def _item_out(item: inbox.Item) -> InboxItemOut:
    return InboxItemOut(
        id=item.id,
        kind=item.kind.value,
        created_at=item.created_at,
        read=item.read,
        comment_id=item.comment_id,
        story=InboxStoryOut(key=item.story_key, title=item.story_title, url=item.story_url),
        actor_name=item.actor_name,
        excerpt=item.excerpt,
        reason=item.reason,
    )


def _answer(body: InboxOut | UnreadOut) -> Response:
    return json_response(body.model_dump(mode="json"), headers=NO_STORE)


@router.get("", response_model=InboxOut, responses=errors(400, 401, 403, 404))
async def get_inbox(
    site: str,
    session: SessionDep,
    principal: AccountDep,
    limit: Limit = inbox.DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Response:
    """Your notifications on this site, newest first, with the unread count; `next_cursor`
    pages on (items older than 90 days are gone)."""
    found = await inbox.page(session, site, principal, limit, cursor)
    items = [_item_out(item) for item in found.items]
    return _answer(InboxOut(items=items, unread=found.unread, next_cursor=found.next_cursor))


@router.get("/unread", response_model=UnreadOut, responses=errors(401, 403, 404))
async def get_unread(site: str, session: SessionDep, principal: AccountDep) -> Response:
    """How many of your notifications on this site are unread (one indexed count)."""
    return _answer(UnreadOut(unread=await inbox.unread(session, site, principal)))


@router.post(
    "/read",
    response_model=UnreadOut,
    responses=errors(400, 401, 403, 404, 415),
    dependencies=[JsonBody],
)
async def mark_read(
    site: str, payload: MarkReadIn, session: SessionDep, runtime: RuntimeDep, principal: AccountDep
) -> Response:
    """Mark `ids` read, or everything with `{"all": true}`; ids that are not yours change
    nothing. Answers the unread count after."""
    ids = None if payload.all else payload.ids
    unread = await inbox.mark_read(session, runtime, site, principal, ids)
    return _answer(UnreadOut(unread=unread))
