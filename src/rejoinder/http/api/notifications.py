"""The signed-in reader's reply notification setting: every reply, a daily digest, none."""

from __future__ import annotations

from fastapi import APIRouter, Response

from rejoinder.http.api import JsonBody
from rejoinder.http.api.auth import NO_STORE
from rejoinder.http.deps import AccountDep, RuntimeDep, SessionDep
from rejoinder.http.responses import json_response
from rejoinder.http.schemas.errors import errors
from rejoinder.http.schemas.notifications import NotificationSettingsIn, NotificationSettingsOut
from rejoinder.services import reply_subscriptions

router = APIRouter(prefix="/me/notifications", tags=["accounts"])


def _answer(mode: str) -> Response:
    body = NotificationSettingsOut.model_validate({"reply_notifications": mode})
    return json_response(body.model_dump(mode="json"), headers=NO_STORE)


@router.get("", response_model=NotificationSettingsOut, responses=errors(401))
async def get_notifications(session: SessionDep, principal: AccountDep) -> Response:
    """How replies to your comments reach you (`every` until you choose)."""
    return _answer(await reply_subscriptions.mode_of(session, principal))


@router.patch(
    "",
    response_model=NotificationSettingsOut,
    responses=errors(400, 401, 403, 415),
    dependencies=[JsonBody],
)
async def set_notifications(
    payload: NotificationSettingsIn, session: SessionDep, runtime: RuntimeDep, principal: AccountDep
) -> Response:
    """Choose `every`, `digest` (one mail a day) or `none`; it applies to every comment you
    asked to hear of, on every site."""
    mode = await reply_subscriptions.set_mode(
        session, runtime, principal, payload.reply_notifications
    )
    return _answer(mode)
