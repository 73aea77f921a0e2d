"""The pages reply notification mail links to (services/reply_subscriptions.py).

The confirmation link, as for accounts and DSA notices (SECURITY 22): GET only shows a button,
so mail scanners and link previews confirm nothing; the form posts back to this install only
(its `Origin` must be PUBLIC_URL's) and the signed key in it is what authorises it.

The unsubscribe link follows RFC 8058: a POST with `List-Unsubscribe=One-Click` (what a mail
client sends for the `List-Unsubscribe-Post` header, from anywhere) unsubscribes at once and
answers with no page; a GET shows a page whose buttons POST (this comment, or everything from
the site). The signed key authorises either; no redirects.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from rejoinder.domain.errors import Invalid, RejoinderError, UnsupportedMediaType
from rejoinder.http.account_pages import NO_STORE
from rejoinder.http.deps import RuntimeDep, SessionDep
from rejoinder.i18n.notifications import Translate, translator
from rejoinder.services import access, reply_subscriptions
from rejoinder.services.runtime import Runtime

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).parent.parent / "templates"))

CONFIRM_PATH = reply_subscriptions.CONFIRM_PATH
UNSUBSCRIBE_PATH = reply_subscriptions.UNSUBSCRIBE_PATH
ONE_CLICK = ("List-Unsubscribe", "One-Click")
KeyQuery = Annotated[str, Query(max_length=200)]
LangQuery = Annotated[str, Query(max_length=16)]


async def form_fields(request: Request) -> dict[str, str]:
    """A posted form's fields (the first of each), from a form post only (also
    http/outcome_pages.py)."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in ("application/x-www-form-urlencoded", "multipart/form-data"):
        raise UnsupportedMediaType("Please use the form on this site's own page.")
    body = (await request.body())[:4096].decode("utf-8", "replace")
    fields = parse_qs(body, max_num_fields=5)
    return {name: values[0] for name, values in fields.items()}


async def _own_form(request: Request, runtime: Runtime) -> dict[str, str]:
    """The posted form, from this install's own page only."""
    access.check_form_origin(request.headers.get("origin"), runtime.settings.public_url)
    return await form_fields(request)


def _result(
    request: Request, t: Translate, heading: str, message: str, status: int = 200
) -> HTMLResponse:
    context = {"t": t, "heading": heading, "message": message, "failed": status >= 400}
    return templates.TemplateResponse(
        request, "notify_result.html", context, status_code=status, headers=NO_STORE
    )


@router.get(CONFIRM_PATH, response_class=HTMLResponse)
async def confirm_page(
    request: Request, token: KeyQuery = "", lang: LangQuery = ""
) -> HTMLResponse:
    """Shows a button; opening the link confirms nothing."""
    context = {"token": token, "action": CONFIRM_PATH, "t": translator(lang)}
    return templates.TemplateResponse(request, "notify_confirm.html", context, headers=NO_STORE)


@router.post(CONFIRM_PATH, response_class=HTMLResponse)
async def confirm_submit(
    request: Request, session: SessionDep, runtime: RuntimeDep
) -> HTMLResponse:
    try:
        form = await _own_form(request, runtime)
    except RejoinderError as error:
        t = translator(None)
        return _result(request, t, t("failed_heading"), error.message, error.status)
    t = translator(form.get("lang"))
    try:
        await reply_subscriptions.confirm(session, runtime, form.get("token", "")[:200])
    except Invalid as error:
        await session.rollback()
        return _result(request, t, t("failed_heading"), t("link_not_valid"), error.status)
    return _result(request, t, t("confirmed_heading"), t("confirmed_text"))


@router.get(UNSUBSCRIBE_PATH, response_class=HTMLResponse)
async def unsubscribe_page(
    request: Request, session: SessionDep, runtime: RuntimeDep, key: KeyQuery = "",
    lang: LangQuery = "",
) -> HTMLResponse:  # fmt: skip
    """Shows the choice; opening the link unsubscribes from nothing."""
    t = translator(lang)
    try:
        await reply_subscriptions.check_unsubscribe_key(session, runtime, key)
    except Invalid as error:
        return _result(request, t, t("failed_heading"), t("link_not_valid"), error.status)
    context = {"key": key, "action": UNSUBSCRIBE_PATH, "t": t}
    return templates.TemplateResponse(request, "notify_unsubscribe.html", context, headers=NO_STORE)


@router.post(UNSUBSCRIBE_PATH, response_model=None)
async def unsubscribe_submit(
    request: Request, session: SessionDep, runtime: RuntimeDep, key: KeyQuery = ""
) -> Response:
    """One-Click (RFC 8058) from a mail client: 204, no page. From our page: the result page."""
    try:
        form = await form_fields(request)
    except RejoinderError as error:
        return Response(error.message, status_code=error.status, media_type="text/plain")
    if form.get(ONE_CLICK[0]) == ONE_CLICK[1]:
        try:
            await reply_subscriptions.unsubscribe(session, runtime, key, everything=False)
        except Invalid as error:
            return Response(error.message, status_code=error.status, media_type="text/plain")
        return Response(status_code=204, headers=NO_STORE)
    return await _unsubscribe_from_page(request, session, runtime, form)


async def _unsubscribe_from_page(
    request: Request, session: SessionDep, runtime: Runtime, form: dict[str, str]
) -> HTMLResponse:
    t = translator(form.get("lang"))
    try:
        access.check_form_origin(request.headers.get("origin"), runtime.settings.public_url)
        everything = form.get("scope") == "all"
        await reply_subscriptions.unsubscribe(
            session, runtime, form.get("key", "")[:200], everything=everything
        )
    except RejoinderError as error:
        await session.rollback()
        message = t("link_not_valid") if isinstance(error, Invalid) else error.message
        return _result(request, t, t("failed_heading"), message, error.status)
    return _result(
        request, t, t("stopped_heading"), t("stopped_all" if everything else "stopped_this")
    )
