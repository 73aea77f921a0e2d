"""Pages for readers without JavaScript: their own comments on a site (`/sites/{site}/me`), and
the pages the links of two mails open: deleting an account (`/account/delete`) and a guest's
"forget me" (`/guests/forget`).

`/sites/{site}/me` reads the session cookie (the install's own pages sign in with it); its
forms post back to this install with the session's CSRF token in a hidden field, and the
`Origin` must be PUBLIC_URL's. It deletes comments (editing stays in the story's comments:
the no-JS pages have no edit form) and asks for the mail that deletes the account.

The mail pages are as the other mail pages (SECURITY 22): GET shows what will happen and a
button, nothing more; the button POSTs the key back, from this install's own page only. No page
here redirects (SECURITY 26). Every answer is `Cache-Control: no-store`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from urllib.parse import parse_qs, urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from rejoinder.domain.errors import Invalid, RejoinderError, Unauthorized, UnsupportedMediaType
from rejoinder.domain.principal import Principal
from rejoinder.http.account_pages import NO_STORE
from rejoinder.http.api.auth import clear_session_cookie
from rejoinder.http.deps import SESSION_COOKIE, RuntimeDep, SessionDep
from rejoinder.http.params import IdPath
from rejoinder.i18n.my_comments import Translate, choose, translator
from rejoinder.services import access, account_deletion, auth, guest_forget, my_comments
from rejoinder.services.runtime import Runtime

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).parent.parent / "templates"))

DELETION_PATH = account_deletion.PAGE_PATH
FORGET_PATH = guest_forget.PAGE_PATH
EXPORT_PATH = "/api/v1/me/export"
CSRF_FIELD = "csrf_token"
KeyQuery = Annotated[str, Query(max_length=200)]
LangQuery = Annotated[str, Query(max_length=35)]
CursorQuery = Annotated[str | None, Query(max_length=200)]
TIME_FORMAT = "%Y-%m-%d %H:%M UTC"


def _when(moment: Any) -> str:
    return str(moment.strftime(TIME_FORMAT))


def _page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    return templates.TemplateResponse(
        request, name, {"when": _when, **context}, status_code=status, headers=NO_STORE
    )


def _result(
    request: Request, t: Translate, heading: str, message: str, status: int = 200, **extra: Any
) -> HTMLResponse:
    context = {"t": t, "heading": heading, "message": message, "failed": status >= 400, **extra}
    return _page(request, "my_result.html", context, status)


def _failed(request: Request, t: Translate, error: RejoinderError) -> HTMLResponse:
    return _result(request, t, t("failed_heading"), error.message, error.status)


def _link_failed(request: Request, t: Translate, error: RejoinderError) -> HTMLResponse:
    """A mail page's refusal: a key that is no good, said in the reader's language."""
    message = t("link_not_valid") if isinstance(error, Invalid) else error.message
    return _result(request, t, t("failed_heading"), message, error.status)


def _lang(request: Request, asked: str | None) -> str:
    return choose(asked, request.headers.get("accept-language"))


async def _fields(request: Request) -> dict[str, str]:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/x-www-form-urlencoded":
        raise UnsupportedMediaType("Please use the form on this site's own page.")
    body = (await request.body())[:4096].decode("utf-8", "replace")
    fields = parse_qs(body, max_num_fields=6)
    return {name: values[0] for name, values in fields.items()}


async def _own_form(request: Request, runtime: Runtime) -> dict[str, str]:
    """The posted form, from this install's own page only."""
    access.check_form_origin(request.headers.get("origin"), runtime.settings.public_url)
    return await _fields(request)


# --- the reader's own comments --------------------------------------------------------------


async def _cookie_reader(
    request: Request, session: SessionDep, runtime: Runtime
) -> tuple[Principal, str] | None:
    cookie = request.cookies.get(SESSION_COOKIE, "")
    principal = await auth.principal_for(session, runtime, cookie, "cookie") if cookie else None
    return (principal, cookie) if principal is not None else None


def _me_path(site: str, lang: str, cursor: str | None = None) -> str:
    query = {"lang": lang, **({"cursor": cursor} if cursor else {})}
    return f"/sites/{site}/me?{urlencode(query)}"


async def _comments_page(
    request: Request,
    session: SessionDep,
    runtime: Runtime,
    site: str,
    lang: str,
    cursor: str | None,
    notice: str | None = None,
) -> HTMLResponse:
    t = translator(lang)
    reader = await _cookie_reader(request, session, runtime)
    if reader is None:
        home = await my_comments.site_home(session, site)
        return _page(request, "my_comments.html", {"t": t, "home": home, "signed_in": False})
    principal, cookie = reader
    found = await my_comments.page(session, runtime, site, principal, cursor=cursor)
    context = {
        "t": t,
        "signed_in": True,
        "home": found.site,
        "items": found.items,
        "older_url": _me_path(site, lang, found.next_cursor) if found.next_cursor else None,
        "csrf_token": auth.csrf_token_for(runtime, cookie),
        "lang": t("lang"),
        "notice": notice,
        "export_url": EXPORT_PATH,
        "base": f"/sites/{site}/me",
    }
    return _page(request, "my_comments.html", context)


@router.get("/sites/{site}/me", response_class=HTMLResponse)
async def my_comments_page(
    request: Request,
    site: str,
    session: SessionDep,
    runtime: RuntimeDep,
    lang: LangQuery = "",
    cursor: CursorQuery = None,
) -> HTMLResponse:
    """The signed-in reader's comments on the site, paged; a short page when signed out."""
    chosen = _lang(request, lang)
    try:
        return await _comments_page(request, session, runtime, site, chosen, cursor)
    except RejoinderError as error:
        return _failed(request, translator(chosen), error)


async def _signed_in_form(
    request: Request, session: SessionDep, runtime: Runtime
) -> tuple[Principal, dict[str, str]]:
    """A form of the page: this install's Origin, a cookie sign-in, its CSRF token."""
    form = await _own_form(request, runtime)
    reader = await _cookie_reader(request, session, runtime)
    if reader is None:
        raise Unauthorized("You are not signed in any more; sign in and try again.")
    principal, cookie = reader
    access.check_form_csrf(runtime, cookie, form.get(CSRF_FIELD, ""))
    return principal, form


@router.post("/sites/{site}/me/comments/{comment_id}/delete", response_class=HTMLResponse)
async def delete_my_comment(
    request: Request, site: str, comment_id: IdPath, session: SessionDep, runtime: RuntimeDep
) -> HTMLResponse:
    """The page's delete button: the comment becomes a tombstone; the page again, first page."""
    t = translator(_lang(request, None))
    try:
        principal, form = await _signed_in_form(request, session, runtime)
        t = translator(_lang(request, form.get("lang")))
        await my_comments.delete_from_page(session, runtime, site, comment_id, principal)
        await session.flush()
        lang = t("lang")
        notice = t("comment_deleted")
        return await _comments_page(request, session, runtime, site, lang, None, notice)
    except RejoinderError as error:
        await session.rollback()
        return _failed(request, t, error)


@router.post("/sites/{site}/me/deletion", response_class=HTMLResponse)
async def request_deletion_mail(
    request: Request, site: str, session: SessionDep, runtime: RuntimeDep
) -> HTMLResponse:
    """The page's "mail me a link to delete my account" button."""
    t = translator(_lang(request, None))
    try:
        principal, form = await _signed_in_form(request, session, runtime)
        t = translator(_lang(request, form.get("lang")))
        await account_deletion.request(session, runtime, principal)
    except RejoinderError as error:
        await session.rollback()
        return _failed(request, t, error)
    back = _me_path(site, t("lang"))
    return _result(request, t, t("deletion_title"), t("deletion_sent"), back=back)


# --- the page of the account deletion mail --------------------------------------------------


@router.get(DELETION_PATH, response_class=HTMLResponse)
async def deletion_page(
    request: Request, session: SessionDep, runtime: RuntimeDep, token: KeyQuery = "",
    lang: LangQuery = "",
) -> HTMLResponse:  # fmt: skip
    """Shows what will happen and a button; opening the link deletes nothing."""
    t = translator(_lang(request, lang))
    try:
        pending = await account_deletion.pending(session, runtime, token)
    except RejoinderError as error:
        return _link_failed(request, t, error)
    context = {
        "t": t,
        "heading": t("deletion_title"),
        "text": t("deletion_text", name=pending.display_name),
        "count": None,
        "button": t("deletion_button"),
        "action": DELETION_PATH,
        "token": token,
    }
    return _page(request, "my_confirm.html", context)


@router.post(DELETION_PATH, response_class=HTMLResponse)
async def deletion_submit(
    request: Request, session: SessionDep, runtime: RuntimeDep
) -> HTMLResponse:
    t = translator(_lang(request, None))
    try:
        form = await _own_form(request, runtime)
        t = translator(_lang(request, form.get("lang")))
        await account_deletion.confirm(session, runtime, form.get("token", "")[:200])
    except RejoinderError as error:
        await session.rollback()
        return _link_failed(request, t, error)
    response = _result(request, t, t("deletion_done_heading"), t("deletion_done_text"))
    clear_session_cookie(response, runtime.settings)
    return response


# --- the page of the "forget me" mail -------------------------------------------------------


@router.get(FORGET_PATH, response_class=HTMLResponse)
async def forget_page(
    request: Request, session: SessionDep, runtime: RuntimeDep, token: KeyQuery = "",
    lang: LangQuery = "",
) -> HTMLResponse:  # fmt: skip
    """Shows what will be erased and a button; opening the link erases nothing."""
    t = translator(_lang(request, lang))
    try:
        found = await guest_forget.check(session, runtime, token)
    except RejoinderError as error:
        return _link_failed(request, t, error)
    context = {
        "t": t,
        "heading": t("forget_title"),
        "text": t("forget_text", site=found.site.name),
        "count": t("forget_count", count=found.comments),
        "button": t("forget_button"),
        "action": FORGET_PATH,
        "token": token,
    }
    return _page(request, "my_confirm.html", context)


@router.post(FORGET_PATH, response_class=HTMLResponse)
async def forget_submit(request: Request, session: SessionDep, runtime: RuntimeDep) -> HTMLResponse:
    t = translator(_lang(request, None))
    try:
        form = await _own_form(request, runtime)
        t = translator(_lang(request, form.get("lang")))
        done = await guest_forget.forget(session, runtime, form.get("token", "")[:200])
    except RejoinderError as error:
        await session.rollback()
        return _link_failed(request, t, error)
    message = t("forget_done_text", count=done.comments, site=done.site.name)
    return _result(request, t, t("forget_done_heading"), message)
