"""The unsubscribe link of moderation-outcome mail (services/outcome_mail.py), as the reply
notification pages do it (http/notification_pages.py, RFC 8058, SECURITY 22): a POST with
`List-Unsubscribe=One-Click` (a mail client's button, from anywhere) stops outcome mail at once
and answers 204, no page; a GET shows a page whose buttons POST from this install's own page
(outcome mail only, or every notification from the site). The signed key authorises either.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from rejoinder.domain.errors import Invalid, RejoinderError
from rejoinder.http.account_pages import NO_STORE
from rejoinder.http.deps import RuntimeDep, SessionDep
from rejoinder.http.notification_pages import ONE_CLICK, form_fields
from rejoinder.i18n.outcome_mail import Translate, translator
from rejoinder.services import access, outcome_mail
from rejoinder.services.runtime import Runtime

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).parent.parent / "templates"))

UNSUBSCRIBE_PATH = outcome_mail.UNSUBSCRIBE_PATH
KeyQuery = Annotated[str, Query(max_length=200)]
LangQuery = Annotated[str, Query(max_length=16)]


def _result(
    request: Request, t: Translate, heading: str, message: str, status: int = 200
) -> HTMLResponse:
    context = {"t": t, "heading": heading, "message": message, "failed": status >= 400}
    return templates.TemplateResponse(
        request, "notify_result.html", context, status_code=status, headers=NO_STORE
    )


@router.get(UNSUBSCRIBE_PATH, response_class=HTMLResponse)
async def unsubscribe_page(
    request: Request, session: SessionDep, runtime: RuntimeDep, key: KeyQuery = "",
    lang: LangQuery = "",
) -> HTMLResponse:  # fmt: skip
    """Shows the choice; opening the link unsubscribes from nothing."""
    t = translator(lang)
    try:
        await outcome_mail.check_unsubscribe_key(session, runtime, key)
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
            await outcome_mail.unsubscribe(session, runtime, key, everything=False)
        except Invalid as error:
            return Response(error.message, status_code=error.status, media_type="text/plain")
        return Response(status_code=204, headers=NO_STORE)
    return await _from_page(request, session, runtime, form)


async def _from_page(
    request: Request, session: SessionDep, runtime: Runtime, form: dict[str, str]
) -> HTMLResponse:
    t = translator(form.get("lang"))
    try:
        access.check_form_origin(request.headers.get("origin"), runtime.settings.public_url)
        everything = form.get("scope") == "all"
        await outcome_mail.unsubscribe(
            session, runtime, form.get("key", "")[:200], everything=everything
        )
    except RejoinderError as error:
        await session.rollback()
        message = t("link_not_valid") if isinstance(error, Invalid) else error.message
        return _result(request, t, t("failed_heading"), message, error.status)
    return _result(
        request, t, t("stopped_heading"), t("stopped_all" if everything else "stopped_this")
    )
