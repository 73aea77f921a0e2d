"""Staff sign-in through the newsroom's OpenID Connect provider (ADR 0012).

`GET /admin/login/oidc` sends the browser to the provider, with a new sign-in flow (state, nonce,
PKCE verifier, where to go next) in a MACed cookie of its own (platform/oidc_flow.py).
`GET /admin/login/oidc/callback` checks the provider's answer against that flow, has the code
exchanged and the ID token checked (platform/oidc.py), signs the person in
(services/staff_sign_in.py) with the session cookie the API's login sets, and sends them on.
Every failure is a page that says what to do next; the flow cookie is dropped whatever happened.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import QueryParams

from rejoinder.config import Settings
from rejoinder.domain.errors import BadRequest, Forbidden, NotFound, RejoinderError
from rejoinder.domain.staff_sign_in import claims_from
from rejoinder.http.admin.common import NO_STORE, render, safe_next
from rejoinder.http.api.auth import set_session_cookie
from rejoinder.http.deps import RuntimeDep, SessionDep
from rejoinder.i18n import admin_oidc  # noqa: F401  (registers the page's strings)
from rejoinder.platform.oidc import OidcClient, OidcConfig, client_for
from rejoinder.platform.oidc_flow import (
    FLOW_SECONDS,
    START_AGAIN,
    SignInFlow,
    seal,
    start_flow,
    unseal,
)
from rejoinder.platform.secrets import same_secret
from rejoinder.services import staff_sign_in
from rejoinder.services.runtime import Runtime

router = APIRouter(include_in_schema=False)

START_PATH = "/admin/login/oidc"
CALLBACK_PATH = f"{START_PATH}/callback"
FLOW_COOKIE = "rejoinder_oidc"
NextQuery = Annotated[str, Query(alias="next", max_length=500)]


def redirect_uri(settings: Settings) -> str:
    """What to register at the provider as this install's redirect URI."""
    return settings.public_url.rstrip("/") + CALLBACK_PATH


def _client(runtime: Runtime) -> OidcClient:
    config = OidcConfig.of(runtime.settings)
    if config is None:
        raise NotFound("Staff sign-in with OpenID Connect is not set up on this install.")
    return client_for(config)


def _failure_page(request: Request, error: RejoinderError) -> Response:
    return render(request, "admin/oidc_error.html", {"message": error.message}, error.status)


def _set_flow_cookie(response: Response, settings: Settings, sealed: str) -> None:
    """Sent back on the provider's redirect, a top-level GET: SameSite=Lax lets it through."""
    response.set_cookie(
        FLOW_COOKIE,
        sealed,
        max_age=FLOW_SECONDS,
        path=START_PATH,
        secure=settings.secure_cookies,
        httponly=True,
        samesite="lax",
    )


def _drop_flow_cookie(response: Response, settings: Settings) -> None:
    response.delete_cookie(
        FLOW_COOKIE, path=START_PATH, secure=settings.secure_cookies, httponly=True, samesite="lax"
    )


@router.get(START_PATH)
async def start(request: Request, runtime: RuntimeDep, next_path: NextQuery = "") -> Response:
    """To the provider's sign-in; afterwards to `next` if it is a dashboard path."""
    flow = start_flow(safe_next(next_path), runtime.now().timestamp())
    try:
        url = await _client(runtime).authorization_url(redirect_uri(runtime.settings), flow)
    except RejoinderError as error:
        return _failure_page(request, error)
    response = RedirectResponse(url, status_code=302, headers=NO_STORE)
    _set_flow_cookie(response, runtime.settings, seal(runtime.signing_key, flow))
    return response


@router.get(CALLBACK_PATH)
async def callback(request: Request, session: SessionDep, runtime: RuntimeDep) -> Response:
    """The provider's answer: a session and on to the dashboard, or a page saying why not."""
    try:
        response = await _finish(request, session, runtime)
    except RejoinderError as error:
        await session.rollback()
        response = _failure_page(request, error)
    _drop_flow_cookie(response, runtime.settings)
    return response


def _code(params: QueryParams, flow: SignInFlow, provider: str) -> str:
    """The code, from an answer to the sign-in this browser started (the state says so)."""
    if not same_secret(params.get("state", ""), flow.state):
        raise BadRequest(
            "This answer from the provider is not for the sign-in started in this browser. "
            + START_AGAIN
        )
    if params.get("error"):
        raise BadRequest(f"{provider} did not sign you in ({params['error'][:100]}). {START_AGAIN}")
    code = params.get("code")
    if not code:
        raise BadRequest(f"{provider}'s answer has no sign-in code. {START_AGAIN}")
    return code


async def _finish(request: Request, session: AsyncSession, runtime: Runtime) -> Response:
    client = _client(runtime)
    config = client.config
    flow = unseal(runtime.signing_key, request.cookies.get(FLOW_COOKIE), runtime.now().timestamp())
    code = _code(request.query_params, flow, config.provider_name)
    raw = await client.verified_claims(redirect_uri(runtime.settings), code, flow)
    claims = claims_from(config.issuer, raw, config.roles_claim)
    signed_in = await staff_sign_in.sign_in(session, runtime, claims)
    if signed_in.issued is None:  # not raised: the roles the claim took away stay taken away
        refused = f"Your account at {config.provider_name} has no Rejoinder role; "
        return _failure_page(request, Forbidden(refused + "ask an administrator."))
    response = RedirectResponse(flow.next_path, status_code=303, headers=NO_STORE)
    set_session_cookie(response, runtime.settings, signed_in.issued)
    return response
