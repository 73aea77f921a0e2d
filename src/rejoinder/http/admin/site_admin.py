"""Site settings: `/admin/sites/{site}/settings`, for admins (the form, and the advanced editor
that takes the settings as JSON); both save through the validation `rejoinder site update` uses.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response

from rejoinder.domain.errors import BadRequest, Invalid
from rejoinder.http.admin.common import Staff, StaffDep, read_form, redirect, render
from rejoinder.http.admin.settings_form import (
    CATEGORIES,
    LIMITS,
    SECRET_FIELDS,
    edit_of,
    field_errors,
    parse_values,
    posted_values,
    values_of,
)
from rejoinder.http.deps import RuntimeDep, SessionDep
from rejoinder.i18n import (  # noqa: F401  (registers strings)
    admin_digest_mail,
    admin_queue_alerts,
    admin_site,
)
from rejoinder.services import site_admin
from rejoinder.services.site_admin import SiteSettingsView

router = APIRouter()
SitePath = Annotated[str, Path(min_length=1, max_length=63)]


def site_path(site: str, page: str) -> str:
    return f"/admin/sites/{quote(site, safe='')}/{page}"


# --- the settings pages ---------------------------------------------------------------------


@dataclass(frozen=True)
class SettingsPage:
    view: SiteSettingsView
    values: dict[str, object]
    errors: dict[str, str] | None = None
    problem: str = ""
    saved: bool = False
    json_text: str | None = None
    json_error: str = ""


def _settings_page(
    request: Request, staff: Staff, page: SettingsPage, status: int = 200
) -> Response:
    values = {k: ("" if k in SECRET_FIELDS else v) for k, v in page.values.items()}
    shown_json = json.dumps(page.view.shown, indent=2, sort_keys=True, ensure_ascii=False)
    context = {
        "site": page.view,
        "v": values,
        "errors": page.errors or {},
        "problem": page.problem,
        "saved": page.saved,
        "categories": CATEGORIES,
        "limits": LIMITS,
        "shown_json": shown_json,
        "json_text": shown_json if page.json_text is None else page.json_text,
        "json_error": page.json_error,
        "is_admin": True,
        "current": "settings",
    }
    return render(request, "admin/settings.html", context, status, staff=staff)


@router.get("/admin/sites/{site}/settings")
async def settings_page(
    request: Request, site: SitePath, staff: StaffDep, session: SessionDep, saved: bool = False
) -> Response:
    view = await site_admin.settings_of(session, site, staff.principal)
    return _settings_page(request, staff, SettingsPage(view, values_of(view), saved=saved))


@router.post("/admin/sites/{site}/settings")
async def save_settings(
    request: Request, site: SitePath, staff: StaffDep, session: SessionDep, runtime: RuntimeDep
) -> Response:
    view = await site_admin.settings_of(session, site, staff.principal)
    values = posted_values(await read_form(request))
    typed, errors = parse_values(values)
    if errors:
        page = SettingsPage(view, values, errors)
        return _settings_page(request, staff, page, 422)
    try:
        await site_admin.save_form(session, runtime, site, staff.principal, edit_of(typed))
    except site_admin.SettingsRejected as refused:
        page = SettingsPage(view, values, field_errors(refused.problems), refused.message)
        return _settings_page(request, staff, page, refused.status)
    return redirect(site_path(site, "settings?saved=1"))


@router.post("/admin/sites/{site}/settings/json")
async def save_settings_json(
    request: Request, site: SitePath, staff: StaffDep, session: SessionDep, runtime: RuntimeDep
) -> Response:
    view = await site_admin.settings_of(session, site, staff.principal)
    text = (await read_form(request)).first("settings_json")
    try:
        await site_admin.save_json(session, runtime, site, staff.principal, text)
    except (BadRequest, Invalid) as refused:
        page = SettingsPage(view, values_of(view), json_text=text, json_error=refused.message)
        return _settings_page(request, staff, page, refused.status)
    return redirect(site_path(site, "settings?saved=1"))
