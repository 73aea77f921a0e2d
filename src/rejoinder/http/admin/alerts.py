"""Story surge alerts on the dashboard: the banner's "clear alert" action (services/surges.py)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from rejoinder.http.admin.common import StaffDep, read_form, redirect, safe_next
from rejoinder.http.deps import RuntimeDep, SessionDep
from rejoinder.http.params import IdPath
from rejoinder.i18n import admin_alerts  # noqa: F401  (registers the banner's strings)
from rejoinder.services import surges

router = APIRouter()


@router.post("/admin/sites/{site}/alerts/{alert_id}/clear")
async def clear_alert(
    request: Request,
    site: str,
    alert_id: IdPath,
    staff: StaffDep,
    session: SessionDep,
    runtime: RuntimeDep,
) -> Response:
    form = await read_form(request)
    await surges.clear(session, runtime, site, alert_id, staff.principal, form.first("reason"))
    return redirect(safe_next(form.first("back") or f"/admin/sites/{site}/queues/pending"))
