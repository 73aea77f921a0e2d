"""Publisher single sign-on: exchange the publisher's signed token for a session on its site."""

from __future__ import annotations

from fastapi import APIRouter

from rejoinder.http.api import JsonBody
from rejoinder.http.deps import RequesterDep, RuntimeDep, SessionDep
from rejoinder.http.limits import limited
from rejoinder.http.schemas.errors import errors
from rejoinder.http.schemas.sso import SsoAccountOut, SsoSessionIn, SsoSessionOut
from rejoinder.services import sso

router = APIRouter(tags=["single sign-on"])


@router.post(
    "/sites/{site}/sso/session",
    response_model=SsoSessionOut,
    # 401: the publisher's token is refused; 403: the Origin, or a site without single sign-on.
    responses=errors(400, 401, 403, 409, 415, 429),
    dependencies=[JsonBody, limited("sso")],
)
async def open_sso_session(
    site: str, payload: SsoSessionIn, session: SessionDep, runtime: RuntimeDep, who: RequesterDep
) -> SsoSessionOut:
    """Sign a publisher's reader in; the first sign-in creates their account (docs/sso.md)."""
    signed_in = await sso.sign_in(session, runtime, site, payload.token, who)
    account = signed_in.account
    return SsoSessionOut(
        account=SsoAccountOut(
            id=account.id,
            display_name=account.display_name,
            role=signed_in.role,
            badges=signed_in.badges,
        ),
        token=signed_in.issued.token,
        csrf_token=signed_in.issued.csrf_token,
        expires_in=signed_in.issued.max_age_seconds,
    )
