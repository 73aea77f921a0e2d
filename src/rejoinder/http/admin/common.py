"""What every dashboard page shares: the staff sign-in, CSRF, forms, templates and error pages.

The dashboard signs in with the session cookie only (HttpOnly, SameSite=Lax, Secure under
https): a bearer token is for API clients. Every write (a form post or an htmx request) must
carry the session's CSRF token, as a form field or the `X-CSRF-Token` header, and come from a
page of this same origin. Pages are never cached: they show comments that may be withdrawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import parse_qs, quote, urlsplit

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import escape

from rejoinder.domain.errors import RejoinderError, UnsupportedMediaType
from rejoinder.domain.principal import Principal
from rejoinder.http.deps import SESSION_COOKIE, RuntimeDep, SessionDep
from rejoinder.i18n.admin import admin_translator
from rejoinder.i18n.locales import DEFAULT_LANGUAGE, direction, negotiate
from rejoinder.services import access, auth
from rejoinder.services.access import CSRF_HEADER
from rejoinder.services.runtime import Runtime

TEMPLATES = Path(__file__).parents[2] / "templates"
templates = Jinja2Templates(directory=str(TEMPLATES))
NO_STORE = {"Cache-Control": "no-store"}
CSRF_FIELD = "csrf_token"
MAX_FORM_FIELDS = 400  # a bulk decision names up to a page of comments
MAX_FORM_BYTES = 64 * 1024


class SignInRequired(Exception):
    """Raised by the staff dependency: the page answers with a redirect to the sign-in."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


@dataclass(frozen=True)
class Staff:
    principal: Principal
    csrf_token: str


def request_language(request: Request) -> str:
    """The moderator's most preferred language we speak, from Accept-Language
    (`de-CH,de;q=0.9,en;q=0.5` -> `de`); English when they name none of ours."""
    return negotiate(request.headers.get("accept-language")) or DEFAULT_LANGUAGE


def safe_next(path: str | None) -> str:
    """Only a path of the dashboard itself: never another host (SECURITY 26)."""
    if not path or not path.startswith("/admin/") or path.startswith("//") or "\\" in path:
        return "/admin/"
    parts = urlsplit(path)
    if parts.scheme or parts.netloc:
        return "/admin/"
    return path


def _own_path(request: Request) -> str:
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


def check_same_origin(request: Request) -> None:
    access.check_same_origin(request.headers.get("origin"), _own_origin(request))


def _own_origin(request: Request) -> str:
    return f"{request.url.scheme}://{request.headers.get('host', '')}"


async def _staff(request: Request, runtime: RuntimeDep, session: SessionDep) -> Staff:
    cookie = request.cookies.get(SESSION_COOKIE, "")
    principal = await auth.principal_for(session, runtime, cookie, "cookie") if cookie else None
    if principal is None:
        raise SignInRequired(_own_path(request))
    if request.method != "GET":
        sent = request.headers.get(CSRF_HEADER) or (await read_form(request)).first(CSRF_FIELD)
        origin = request.headers.get("origin")
        access.check_dashboard_write(runtime, cookie, sent, origin, _own_origin(request))
    return Staff(principal, auth.csrf_token_for(runtime, cookie))


StaffDep = Annotated[Staff, Depends(_staff)]


@dataclass(frozen=True)
class Form:
    fields: dict[str, list[str]]

    def first(self, name: str, default: str = "") -> str:
        values = self.fields.get(name)
        return values[0] if values else default

    def all(self, name: str) -> list[str]:
        return self.fields.get(name, [])


async def read_form(request: Request) -> Form:
    """The posted urlencoded form (read once; kept on the request for the handler)."""
    cached = getattr(request.state, "admin_form", None)
    if isinstance(cached, Form):
        return cached
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/x-www-form-urlencoded":
        raise UnsupportedMediaType("Please use the form on the dashboard's page.")
    raw = await request.body()
    if len(raw) > MAX_FORM_BYTES:
        raise UnsupportedMediaType("This form is too large.")
    fields = parse_qs(raw.decode("utf-8", "replace"), max_num_fields=MAX_FORM_FIELDS)
    form = Form(fields)
    request.state.admin_form = form
    return form


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def render(
    request: Request,
    name: str,
    context: dict[str, Any],
    status: int = 200,
    staff: Staff | None = None,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    lang = request_language(request)
    full = {
        "t": admin_translator(lang),
        "lang": lang,
        "dir": direction(lang),
        "staff": staff,
        "csrf_token": staff.csrf_token if staff else "",
        **context,
    }
    return templates.TemplateResponse(
        request, name, full, status_code=status, headers={**NO_STORE, **(headers or {})}
    )


def redirect(path: str) -> RedirectResponse:
    """After a successful form post: see the result page (a reload does not post again)."""
    return RedirectResponse(path, status_code=303, headers=NO_STORE)


def error_page(request: Request, exc: Exception) -> Response:
    """The dashboard's answer to a refusal: a page (or, for htmx, a fragment) a person can read."""
    if isinstance(exc, SignInRequired):
        target = "/admin/login?next=" + quote(safe_next(exc.next_path), safe="/")
        if is_htmx(request):  # htmx follows this header with a full page load
            return Response(status_code=401, headers={"HX-Redirect": target, **NO_STORE})
        return redirect(target)
    assert isinstance(exc, RejoinderError)
    if is_htmx(request):
        return HTMLResponse(
            f'<p class="error" role="alert">{_escape(exc.message)}</p>',
            status_code=exc.status,
            headers=NO_STORE,
        )
    return render(request, "admin/error.html", {"message": exc.message}, status=exc.status)


def _escape(text: str) -> str:
    return str(escape(text))


def runtime_of(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime
