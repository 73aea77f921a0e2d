"""A site's webhooks, `/admin/sites/{site}/webhooks`, for admins: the endpoints with their
delivery logs; add, remove, rotate a secret, enable a disabled one. A new secret is shown in
the answer to the post that made it, once (never cached, never in a URL)."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import Response

from rejoinder.domain.errors import Invalid
from rejoinder.domain.webhooks import EVENT_TYPES
from rejoinder.http.admin.common import Staff, StaffDep, read_form, redirect, render
from rejoinder.http.admin.site_admin import SitePath, site_path
from rejoinder.http.deps import RuntimeDep, SessionDep
from rejoinder.http.params import IdPath
from rejoinder.i18n import admin_webhooks  # noqa: F401  (registers the page's strings)
from rejoinder.services import webhooks
from rejoinder.services.webhooks import EndpointView

router = APIRouter()
LOG_SHOWN = 100
NOTES = {"removed": "wh_removed", "enabled": "wh_enabled_again"}


@dataclass(frozen=True)
class AddForm:
    url: str = ""
    events: tuple[str, ...] = ()
    error: str = ""


@dataclass(frozen=True)
class PageState:
    done: str = ""
    form: AddForm = AddForm()
    secret: tuple[EndpointView, str] | None = None
    status: int = 200


async def _page(
    request: Request, staff: Staff, site: str, session: SessionDep, runtime: RuntimeDep,
    state: PageState,
) -> Response:  # fmt: skip
    name, endpoints = await webhooks.page_as_admin(
        session, runtime, site, staff.principal, LOG_SHOWN
    )
    context = {
        "site": {"slug": site, "name": name},
        "endpoints": endpoints,
        "event_types": EVENT_TYPES,
        "note": NOTES.get(state.done, ""),
        "form": state.form,
        "secret": state.secret,
        "current": "webhooks",
    }
    return render(request, "admin/webhooks.html", context, state.status, staff=staff)


@router.get("/admin/sites/{site}/webhooks")
async def webhooks_page(
    request: Request,
    site: SitePath,
    staff: StaffDep,
    session: SessionDep,
    runtime: RuntimeDep,
    done: str = "",
) -> Response:
    return await _page(request, staff, site, session, runtime, PageState(done=done[:20]))


@router.post("/admin/sites/{site}/webhooks")
async def add_endpoint(
    request: Request, site: SitePath, staff: StaffDep, session: SessionDep, runtime: RuntimeDep
) -> Response:
    form = await read_form(request)
    url, events = form.first("url")[:2000], tuple(form.all("event"))
    try:
        made = await webhooks.add_as_admin(session, runtime, site, staff.principal, url, events)
    except Invalid as refused:
        kept = PageState(form=AddForm(url, events, refused.message), status=refused.status)
        return await _page(request, staff, site, session, runtime, kept)
    return await _page(request, staff, site, session, runtime, PageState(secret=made, status=201))


@router.post("/admin/sites/{site}/webhooks/{endpoint_id}/rotate")
async def rotate_secret(
    request: Request,
    site: SitePath,
    endpoint_id: IdPath,
    staff: StaffDep,
    session: SessionDep,
    runtime: RuntimeDep,
) -> Response:
    made = await webhooks.rotate_as_admin(session, runtime, site, endpoint_id, staff.principal)
    return await _page(request, staff, site, session, runtime, PageState(secret=made))


@router.post("/admin/sites/{site}/webhooks/{endpoint_id}/remove")
async def remove_endpoint(
    site: SitePath, endpoint_id: IdPath, staff: StaffDep, session: SessionDep, runtime: RuntimeDep
) -> Response:
    await webhooks.remove_as_admin(session, runtime, site, endpoint_id, staff.principal)
    return redirect(site_path(site, "webhooks?done=removed"))


@router.post("/admin/sites/{site}/webhooks/{endpoint_id}/enable")
async def enable_endpoint(
    site: SitePath, endpoint_id: IdPath, staff: StaffDep, session: SessionDep, runtime: RuntimeDep
) -> Response:
    await webhooks.enable_as_admin(session, runtime, site, endpoint_id, staff.principal)
    return redirect(site_path(site, "webhooks?done=enabled"))
