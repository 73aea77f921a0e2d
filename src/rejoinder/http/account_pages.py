"""The pages links in mail lead to: GET only shows a button or a form, POST acts (SECURITY 22).

Mail scanners and link previews open every link; opening one here changes nothing. The forms
post back to this install: the key in the form is what authorises the action, and the `Origin`
must be exactly the install's PUBLIC_URL origin. There is no redirect after any of it, so no
`next` parameter can send a reader elsewhere (SECURITY 26).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from rejoinder.domain.errors import Invalid, RejoinderError, UnsupportedMediaType
from rejoinder.http.deps import RuntimeDep, SessionDep
from rejoinder.i18n.accounts import Translate, translator
from rejoinder.i18n.locales import negotiate, supported
from rejoinder.services import access, accounts
from rejoinder.services.runtime import Runtime

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).parent.parent / "templates"))

VERIFY_PATH = accounts.PAGES[accounts.VERIFY]
RESET_PATH = accounts.PAGES[accounts.RESET]
KeyQuery = Annotated[str, Query(max_length=200)]
LangQuery = Annotated[str, Query(max_length=16)]
NO_STORE = {"Cache-Control": "no-store"}  # the page holds a key: no cache keeps it


def _page(
    request: Request, t: Translate, name: str, context: dict[str, Any], status: int = 200
) -> HTMLResponse:
    full = {"t": t, "lang": t("lang"), **context}
    return templates.TemplateResponse(request, name, full, status_code=status, headers=NO_STORE)


def _result(
    request: Request, t: Translate, heading: str, message: str, status: int = 200
) -> HTMLResponse:
    context = {"heading": heading, "message": message, "failed": status >= 400}
    return _page(request, t, "account_result.html", context, status)


def _translator(request: Request, asked: str | None) -> Translate:
    """The language the mail's link names (`lang`), else the browser's, else English."""
    return translator(supported(asked) or negotiate(request.headers.get("accept-language")))


def _message(t: Translate, error: RejoinderError) -> str:
    """A spent or unknown key is said in the page's language; other refusals as they come."""
    return t("link_not_valid") if error.message == accounts.LINK_NOT_VALID else error.message


async def _form(request: Request, runtime: Runtime) -> dict[str, str]:
    """The posted form, from this install's own page only."""
    access.check_form_origin(request.headers.get("origin"), runtime.settings.public_url)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/x-www-form-urlencoded":
        raise UnsupportedMediaType("Please use the form on this site's own page.")
    fields = parse_qs((await request.body()).decode("utf-8", "replace"), max_num_fields=5)
    return {name: values[0] for name, values in fields.items()}


@router.get(VERIFY_PATH, response_class=HTMLResponse)
async def verify_page(request: Request, token: KeyQuery = "", lang: LangQuery = "") -> HTMLResponse:
    """Shows a button; nothing is confirmed by opening the link."""
    t = _translator(request, lang)
    return _page(request, t, "account_verify.html", {"token": token, "action": VERIFY_PATH})


@router.post(VERIFY_PATH, response_class=HTMLResponse)
async def verify_submit(request: Request, session: SessionDep, runtime: RuntimeDep) -> HTMLResponse:
    t = _translator(request, None)
    try:
        form = await _form(request, runtime)
        t = _translator(request, form.get("lang"))
        await accounts.verify(session, runtime, form.get("token", "")[:200])
    except RejoinderError as error:
        await session.rollback()
        return _result(request, t, t("not_confirmed"), _message(t, error), error.status)
    return _result(request, t, t("confirmed_heading"), t("confirmed_text"))


@router.get(RESET_PATH, response_class=HTMLResponse)
async def reset_page(request: Request, token: KeyQuery = "", lang: LangQuery = "") -> HTMLResponse:
    """Shows the form for a new password; nothing changes by opening the link."""
    t = _translator(request, lang)
    return _page(request, t, "account_reset.html", {"token": token, "action": RESET_PATH})


@router.post(RESET_PATH, response_class=HTMLResponse)
async def reset_submit(request: Request, session: SessionDep, runtime: RuntimeDep) -> HTMLResponse:
    t = _translator(request, None)
    try:
        form = await _form(request, runtime)
    except RejoinderError as error:
        return _result(request, t, t("reset_failed"), error.message, error.status)
    t = _translator(request, form.get("lang"))
    token, password = form.get("token", "")[:200], form.get("password", "")
    try:
        if password != form.get("password_again"):
            raise Invalid(t("passwords_differ"))
        await accounts.confirm_reset(session, runtime, token, password)
    except RejoinderError as error:
        await session.rollback()  # the key stays usable for another try
        context = {"token": token, "action": RESET_PATH, "error": _message(t, error)}
        return _page(request, t, "account_reset.html", context, error.status)
    return _result(request, t, t("reset_done_heading"), t("reset_done_text"))
