"""A signed-in reader's mutes: the muted readers' comments are left out of what they read."""

from __future__ import annotations

from fastapi import APIRouter, Response

from rejoinder.http.api import JsonBody
from rejoinder.http.deps import AccountDep, RuntimeDep, SessionDep
from rejoinder.http.params import IdPath
from rejoinder.http.schemas.errors import errors
from rejoinder.http.schemas.mutes import MuteIn, MuteListOut, MuteOut
from rejoinder.services import mutes
from rejoinder.services.mutes import MutedReader

router = APIRouter(tags=["mutes"])


def _out(muted: MutedReader) -> MuteOut:
    return MuteOut(
        account_id=muted.account_id, display_name=muted.display_name, muted_at=muted.muted_at
    )


@router.get("/me/mutes", response_model=MuteListOut, responses=errors(401))
async def list_mutes(session: SessionDep, principal: AccountDep) -> MuteListOut:
    """The readers you have muted, most recent first."""
    return MuteListOut(items=[_out(m) for m in await mutes.muted_readers(session, principal)])


@router.post(
    "/me/mutes",
    status_code=201,
    response_model=MuteOut,
    responses=errors(400, 401, 403, 409, 415),
    dependencies=[JsonBody],
)
async def add_mute(
    payload: MuteIn, session: SessionDep, runtime: RuntimeDep, principal: AccountDep
) -> MuteOut:
    """Mute a reader: their comments are left out of the discussions you read."""
    return _out(await mutes.mute(session, runtime, principal, payload.account_id))


@router.delete("/me/mutes/{account_id}", status_code=204, responses=errors(401, 403))
async def remove_mute(account_id: IdPath, session: SessionDep, principal: AccountDep) -> Response:
    """Unmute a reader (204 whether or not they were muted)."""
    await mutes.unmute(session, principal, account_id)
    return Response(status_code=204)
