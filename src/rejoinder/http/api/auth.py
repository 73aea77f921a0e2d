"""Sign-up, confirmation, sign-in, sign-out and password reset under /api/v1/auth.

CORS answers these routes for an origin that some site allows (the widget signs readers in from
the publisher's page with a bearer token), never with credentials: a page on another origin never
gets the session cookie sent or set, so cookie sessions stay with the install's own pages.
Anonymous routes do not look at the session cookie, so an old cookie never demands a CSRF token
for signing in.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from rejoinder.config import Settings
from rejoinder.http.api import JsonBody
from rejoinder.http.deps import (
    SESSION_COOKIE,
    PrincipalDep,
    RuntimeDep,
    SessionDep,
    presented_token,
    request_ip,
)
from rejoinder.http.responses import json_response
from rejoinder.http.schemas.accounts import (
    AcceptedOut,
    DoneOut,
    EmailIn,
    KeyIn,
    LoginIn,
    LoginOut,
    RegisterIn,
    ResetConfirmIn,
)
from rejoinder.http.schemas.errors import errors
from rejoinder.i18n.locales import negotiate
from rejoinder.services import accounts, auth

router = APIRouter(prefix="/auth", tags=["accounts"])

CHECK_MAIL = "If the address can be used, a mail with a link is on its way. Check your inbox."
NO_STORE = {"Cache-Control": "no-store"}


async def _client_ip(request: Request, runtime: RuntimeDep) -> str:
    return request_ip(request, runtime)


ClientIpDep = Annotated[str, Depends(_client_ip)]


def set_session_cookie(response: Response, settings: Settings, issued: auth.IssuedSession) -> None:
    """HttpOnly (scripts cannot read it), SameSite=Lax, Secure when served over HTTPS."""
    response.set_cookie(
        SESSION_COOKIE,
        issued.token,
        max_age=issued.max_age_seconds,
        path="/",
        secure=settings.secure_cookies,
        httponly=True,
        samesite="lax",
    )


def clear_session_cookie(response: Response, settings: Settings) -> None:
    response.delete_cookie(
        SESSION_COOKIE, path="/", secure=settings.secure_cookies, httponly=True, samesite="lax"
    )


def _accepted() -> Response:
    return json_response(AcceptedOut(message=CHECK_MAIL).model_dump(), 202, NO_STORE)


@router.post(
    "/register",
    status_code=202,
    response_model=AcceptedOut,
    responses=errors(400, 409, 415, 429),
    dependencies=[JsonBody],
)
async def register(
    request: Request, payload: RegisterIn, session: SessionDep, runtime: RuntimeDep,
    ip: ClientIpDep,
) -> Response:  # fmt: skip
    """Sign up; a confirmation link goes by mail. The answer is the same for a known address.
    The account's mail speaks `language`, else the browser's first language we speak."""
    language = payload.language or negotiate(request.headers.get("accept-language"))
    sign_up = accounts.SignUp(payload.email, payload.password, payload.display_name, language)
    await accounts.register(session, runtime, sign_up, ip)
    return _accepted()


@router.post(
    "/verify/resend",
    status_code=202,
    response_model=AcceptedOut,
    responses=errors(400, 415, 429),
    dependencies=[JsonBody],
)
async def resend_verification(
    payload: EmailIn, session: SessionDep, runtime: RuntimeDep, ip: ClientIpDep
) -> Response:
    """A new confirmation link for an address that is not confirmed yet; always 202."""
    await accounts.accept_mail_request(session, runtime, accounts.RESEND_REQUEST, payload.email, ip)
    return _accepted()


@router.post("/verify", response_model=DoneOut, responses=errors(400, 415), dependencies=[JsonBody])
async def verify(payload: KeyIn, session: SessionDep, runtime: RuntimeDep) -> DoneOut:
    """Confirm the address with the key from the mail (one use, 48 hours)."""
    await accounts.verify(session, runtime, payload.token)
    return DoneOut(message="Your email address is confirmed.")


@router.post(
    "/login",
    response_model=LoginOut,
    responses=errors(400, 401, 415, 429),
    dependencies=[JsonBody],
)
async def login(
    payload: LoginIn, session: SessionDep, runtime: RuntimeDep, ip: ClientIpDep
) -> Response:
    """A session: as an HttpOnly cookie and as a bearer token, with its CSRF token."""
    signed_in = await accounts.login(session, runtime, payload.email, payload.password, ip)
    issued = signed_in.session
    body = LoginOut.model_validate(
        {
            "account": {"id": signed_in.account.id, "display_name": signed_in.account.display_name},
            "token": issued.token,
            "csrf_token": issued.csrf_token,
            "expires_in": issued.max_age_seconds,
        }
    )
    response = json_response(body.model_dump(), headers=NO_STORE)
    set_session_cookie(response, runtime.settings, issued)
    return response


@router.post("/logout", status_code=204, responses=errors(401, 403))
async def logout(
    request: Request, session: SessionDep, runtime: RuntimeDep, principal: PrincipalDep
) -> Response:
    """End this session on the server (the token stops working everywhere) and drop the cookie."""
    token = presented_token(request)
    if principal is not None and token is not None:
        await auth.close_session(session, runtime, token)
    response = Response(status_code=204)
    clear_session_cookie(response, runtime.settings)
    return response


@router.post(
    "/password-reset",
    status_code=202,
    response_model=AcceptedOut,
    responses=errors(400, 415, 429),
    dependencies=[JsonBody],
)
async def request_reset(
    payload: EmailIn, session: SessionDep, runtime: RuntimeDep, ip: ClientIpDep
) -> Response:
    """Mail a reset link to a confirmed address; always 202, whether or not it has an account.

    Nothing is looked up before the answer: every address takes the same path and time."""
    await accounts.accept_mail_request(session, runtime, accounts.RESET_REQUEST, payload.email, ip)
    return _accepted()


@router.post(
    "/password-reset/confirm",
    response_model=DoneOut,
    responses=errors(400, 415),
    dependencies=[JsonBody],
)
async def confirm_reset(
    payload: ResetConfirmIn, session: SessionDep, runtime: RuntimeDep
) -> DoneOut:
    """Set a new password with the key from the mail; every session of the account ends."""
    await accounts.confirm_reset(session, runtime, payload.token, payload.password)
    return DoneOut(message="Your password is changed. Please sign in again.")
