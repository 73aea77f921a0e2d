"""The moderators' API: queues, decisions, readers' standing and who moderates (SECURITY 27).

Every endpoint needs a signed-in moderator of the site (or an admin): 401 without a sign-in,
403 for anyone else. Callers are the dashboard (session cookie + CSRF token) or a newsroom's
server (an API token), so no Origin is required here; writes still need JSON.
"""

from __future__ import annotations

from fastapi import APIRouter, Response

from rejoinder.domain.limits import DEFAULT_PAGE_SIZE
from rejoinder.http.api import JsonBody
from rejoinder.http.deps import AccountDep, RuntimeDep, SessionDep
from rejoinder.http.params import Cursor, IdPath, Limit
from rejoinder.http.responses import json_response
from rejoinder.http.schemas.moderation import (
    DecisionIn,
    DecisionOut,
    ModeratorIn,
    ModeratorOut,
    QueuePageOut,
    UserStateIn,
    UserStateOut,
    queue_item_dict,
)
from rejoinder.services import moderation_actions, roles, user_states
from rejoinder.services.user_states import StateChange, StateOfUser
from rejoinder.storage.repositories.moderation_queue import QueueKind

router = APIRouter(tags=["moderation"])


@router.get("/sites/{site}/moderation/queue", response_model=QueuePageOut)
async def moderation_queue(
    site: str,
    session: SessionDep,
    principal: AccountDep,
    status: QueueKind = "pending",
    limit: Limit = DEFAULT_PAGE_SIZE,
    cursor: Cursor = None,
) -> Response:
    """Held (`pending`), `flagged` or `reported` comments of the site, oldest first."""
    page = await moderation_actions.queue(session, site, principal, status, limit, cursor)
    items = [queue_item_dict(item) for item in page.items]
    return json_response({"items": items, "next_cursor": page.next_cursor})


@router.post(
    "/sites/{site}/moderation/comments/{comment_id}",
    response_model=DecisionOut,
    dependencies=[JsonBody],
)
async def decide_comment(
    site: str,
    comment_id: IdPath,
    payload: DecisionIn,
    session: SessionDep,
    runtime: RuntimeDep,
    principal: AccountDep,
) -> DecisionOut:
    """Approve (publish) or reject a comment; recorded with the moderator as actor."""
    comment = await moderation_actions.decide(
        session, runtime, site, comment_id, payload.action, payload.reason, principal
    )
    return DecisionOut(id=comment.id, status=comment.status, action=payload.action)


def _change(payload: UserStateIn) -> StateChange:
    given = payload.model_fields_set
    return StateChange(
        banned=payload.banned,
        premoderated=payload.premoderated,
        suspended_until=payload.suspended_until,
        clear_suspension="suspended_until" in given and payload.suspended_until is None,
        note=payload.note,
    )


def _state_out(found: StateOfUser) -> UserStateOut:
    state = found.state
    return UserStateOut(
        account_id=state.account_id,
        site=found.site_slug,
        banned=state.banned,
        suspended_until=state.suspended_until,
        premoderated=state.premoderated,
        note=state.note,
        updated_at=state.updated_at,
    )


@router.put(
    "/sites/{site}/moderation/users/{account_id}",
    response_model=UserStateOut,
    dependencies=[JsonBody],
)
async def set_user_state(
    site: str,
    account_id: IdPath,
    payload: UserStateIn,
    session: SessionDep,
    runtime: RuntimeDep,
    principal: AccountDep,
) -> UserStateOut:
    """Ban, suspend or always pre-moderate a reader on this site."""
    found = await user_states.set_on_site(
        session, runtime, site, account_id, _change(payload), principal
    )
    return _state_out(found)


@router.put("/admin/users/{account_id}", response_model=UserStateOut, dependencies=[JsonBody])
async def set_user_state_everywhere(
    account_id: IdPath,
    payload: UserStateIn,
    session: SessionDep,
    runtime: RuntimeDep,
    principal: AccountDep,
) -> UserStateOut:
    """The same, on every site of the install (admins only)."""
    found = await user_states.set_everywhere(
        session, runtime, account_id, _change(payload), principal
    )
    return _state_out(found)


@router.get("/sites/{site}/moderators", response_model=list[ModeratorOut])
async def list_moderators(
    site: str, session: SessionDep, principal: AccountDep
) -> list[ModeratorOut]:
    accounts = await roles.list_for_staff(session, site, principal)
    return [ModeratorOut(account_id=a.id, display_name=a.display_name) for a in accounts]


@router.post(
    "/sites/{site}/moderators",
    status_code=201,
    response_model=ModeratorOut,
    dependencies=[JsonBody],
)
async def add_moderator(
    site: str, payload: ModeratorIn, session: SessionDep, principal: AccountDep
) -> ModeratorOut:
    """Make an account a moderator of the site (admins only)."""
    account = await roles.add_by_admin(session, site, payload.account_id, principal)
    return ModeratorOut(account_id=account.id, display_name=account.display_name)


@router.delete("/sites/{site}/moderators/{account_id}", status_code=204)
async def remove_moderator(
    site: str, account_id: IdPath, session: SessionDep, principal: AccountDep
) -> Response:
    """Take the moderator role away (admins only)."""
    await roles.remove_by_admin(session, site, account_id, principal)
    return Response(status_code=204)
