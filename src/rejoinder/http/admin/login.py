"""`/admin/login` and `/admin/logout`: staff sign in with their email and password.

The same service as the API's sign-in, so the same backoff applies (every attempt counts
against the address, the client's IP and its network). A newsroom that signs staff in with its
identity provider gets a link to it here too (http/admin/oidc.py).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from rejoinder.domain.errors import TooManyRequests, Unauthorized
from rejoinder.http.admin.common import (
    StaffDep,
    check_same_origin,
    read_form,
    redirect,
    render,
    safe_next,
)
from rejoinder.http.api.auth import clear_session_cookie, set_session_cookie
from rejoinder.http.deps import SESSION_COOKIE, RuntimeDep, SessionDep, request_ip
from rejoinder.services import accounts, auth
from rejoinder.services.runtime import Runtime

router = APIRouter()
NextQuery = Annotated[str, Query(max_length=500)]


def _login_page(
    request: Request, runtime: Runtime, next_path: str, message: str = "", status: int = 200
) -> Response:
    settings = runtime.settings
    context = {
        "next": safe_next(next_path),
        "message": message,
        "oidc_name": settings.oidc_provider_name if settings.oidc_issuer else "",
        "oidc_on": bool(settings.oidc_issuer),
    }
    return render(request, "admin/login.html", context, status=status)


@router.get("/admin/login")
async def login_page(request: Request, runtime: RuntimeDep, next: NextQuery = "") -> Response:
    return _login_page(request, runtime, next)


@router.post("/admin/login")
async def login_submit(request: Request, session: SessionDep, runtime: RuntimeDep) -> Response:
    # Login CSRF: a page elsewhere must not sign a moderator in to an account it chose.
    check_same_origin(request)
    form = await read_form(request)
    next_path = safe_next(form.first("next"))
    try:
        signed_in = await accounts.login(
            session,
            runtime,
            form.first("email")[:320],
            form.first("password")[:1024],
            request_ip(request, runtime),
        )
    except Unauthorized as refused:
        return _login_page(request, runtime, next_path, refused.message, 401)
    except TooManyRequests as refused:
        return _login_page(request, runtime, next_path, refused.message, 429)
    response = redirect(next_path)
    set_session_cookie(response, runtime.settings, signed_in.session)
    return response


@router.post("/admin/logout")
async def logout(
    request: Request, staff: StaffDep, session: SessionDep, runtime: RuntimeDep
) -> Response:
    await auth.close_session(session, runtime, request.cookies.get(SESSION_COOKIE, ""))
    response = redirect("/admin/login")
    clear_session_cookie(response, runtime.settings)
    return response
