"""The page a notice's confirmation link opens (EU DSA notices, `services/dsa_notices.py`).

As for accounts (`account_pages.py`, SECURITY 22): GET only shows a button, so mail scanners and
link previews confirm nothing; the form posts back to this install only (its `Origin` must be
PUBLIC_URL's) and the signed key in it is what authorises the confirmation. No redirects.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from rejoinder.domain.errors import Invalid, RejoinderError, UnsupportedMediaType
from rejoinder.http.account_pages import NO_STORE
from rejoinder.http.deps import RuntimeDep, SessionDep
from rejoinder.i18n.dsa import Translate, translator
from rejoinder.services import access, dsa_notices
from rejoinder.services.runtime import Runtime

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).parent.parent / "templates"))

CONFIRM_PATH = dsa_notices.CONFIRM_PATH
KeyQuery = Annotated[str, Query(max_length=200)]
LangQuery = Annotated[str, Query(max_length=16)]


async def _form(request: Request, runtime: Runtime) -> dict[str, str]:
    """The posted form, from this install's own page only."""
    access.check_form_origin(request.headers.get("origin"), runtime.settings.public_url)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/x-www-form-urlencoded":
        raise UnsupportedMediaType("Please use the form on this site's own page.")
    fields = parse_qs((await request.body()).decode("utf-8", "replace"), max_num_fields=5)
    return {name: values[0] for name, values in fields.items()}


def _result(
    request: Request, t: Translate, heading: str, message: str, status: int = 200
) -> HTMLResponse:
    context = {"t": t, "heading": heading, "message": message, "failed": status >= 400}
    return templates.TemplateResponse(
        request, "dsa_result.html", context, status_code=status, headers=NO_STORE
    )


@router.get(CONFIRM_PATH, response_class=HTMLResponse)
async def confirm_page(
    request: Request, token: KeyQuery = "", lang: LangQuery = ""
) -> HTMLResponse:
    """Shows a button; opening the link confirms nothing."""
    context = {"token": token, "action": CONFIRM_PATH, "t": translator(lang)}
    return templates.TemplateResponse(request, "dsa_confirm.html", context, headers=NO_STORE)


@router.post(CONFIRM_PATH, response_class=HTMLResponse)
async def confirm_submit(
    request: Request, session: SessionDep, runtime: RuntimeDep
) -> HTMLResponse:
    try:
        form = await _form(request, runtime)
    except RejoinderError as error:
        t = translator(None)
        return _result(request, t, t("failed_heading"), error.message, error.status)
    t = translator(form.get("lang"))
    try:
        await dsa_notices.confirm(session, runtime, form.get("token", "")[:200])
    except Invalid as error:
        await session.rollback()
        return _result(request, t, t("failed_heading"), t("link_not_valid"), error.status)
    return _result(request, t, t("confirmed_heading"), t("confirmed_text"))
