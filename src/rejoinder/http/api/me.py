"""The signed-in reader's own account: see it, rename, download the data, delete it."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from rejoinder.domain.principal import Principal
from rejoinder.domain.views import AccountView
from rejoinder.http.api import JsonBody
from rejoinder.http.api.auth import NO_STORE, clear_session_cookie
from rejoinder.http.deps import AccountDep, RuntimeDep, SessionDep, presented_token
from rejoinder.http.limits import limited
from rejoinder.http.responses import json_response
from rejoinder.http.schemas.accounts import DeleteAccountIn, ExportOut, MeOut, RenameIn
from rejoinder.http.schemas.errors import errors
from rejoinder.services import accounts, auth, privacy
from rejoinder.services.runtime import Runtime

router = APIRouter(prefix="/me", tags=["accounts"])


def _me(request: Request, runtime: Runtime, principal: Principal, account: AccountView) -> Response:
    token = presented_token(request) if principal.via == "cookie" else None
    body = MeOut(
        id=account.id,
        display_name=account.display_name,
        email=account.email,
        email_verified=account.email_verified_at is not None,
        has_password=account.password_hash is not None,
        role=account.role,
        created_at=account.created_at,
        name_changed_at=account.name_changed_at,
        name_change_allowed_after=accounts.next_rename_at(account),
        csrf_token=auth.csrf_token_for(runtime, token) if token else None,
    )
    return json_response(body.model_dump(mode="json"), headers=NO_STORE)


@router.get("", response_model=MeOut, responses=errors(401))
async def get_me(
    request: Request, session: SessionDep, runtime: RuntimeDep, principal: AccountDep
) -> Response:
    """Your account, with your email address (the only answer that ever shows it)."""
    account = await accounts.me(session, principal)
    return _me(request, runtime, principal, account)


@router.patch(
    "",
    response_model=MeOut,
    # 403: the cool-down after a change (or a cookie write without its CSRF token); 409: taken.
    responses=errors(400, 401, 403, 409, 415, 429),
    dependencies=[JsonBody, limited("rename")],
)
async def rename(
    request: Request,
    payload: RenameIn,
    session: SessionDep,
    runtime: RuntimeDep,
    principal: AccountDep,
) -> Response:
    """Change your display name: once, then again after 30 days. Your comments show the new name.
    Attempts are limited (`rename.account`, `rename.ip`), refused ones too."""
    account = await accounts.rename(session, runtime, principal, payload.display_name)
    return _me(request, runtime, principal, account)


@router.get("/export", response_model=ExportOut, responses=errors(401))
async def export(session: SessionDep, runtime: RuntimeDep, principal: AccountDep) -> Response:
    """Everything kept about you, as a JSON download."""
    data = ExportOut.model_validate(await privacy.export(session, runtime, principal))
    headers = {**NO_STORE, "Content-Disposition": 'attachment; filename="rejoinder-data.json"'}
    return json_response(data.model_dump(mode="json"), headers=headers)


@router.delete(
    "",
    status_code=204,
    # 403: a wrong password, an API token; 429: password attempts count as sign-ins.
    responses=errors(400, 401, 403, 415, 429),
    dependencies=[JsonBody],
)
async def delete_me(
    payload: DeleteAccountIn, session: SessionDep, runtime: RuntimeDep, principal: AccountDep
) -> Response:
    """Delete your account. Your comments become tombstones or stay as 'deleted account', as
    each site decides; your sessions end. Needs your password when the account has one."""
    await privacy.delete_account(session, runtime, principal, payload.password)
    response = Response(status_code=204)
    clear_session_cookie(response, runtime.settings)
    return response
