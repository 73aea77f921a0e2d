"""`/admin/`: the sites a member of staff may moderate, each with its queues."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from rejoinder.http.admin.common import StaffDep, redirect, render
from rejoinder.http.deps import SessionDep
from rejoinder.i18n import admin_alerts  # noqa: F401  (registers the banner's strings)
from rejoinder.services import surges, workspace

router = APIRouter()


@router.get("/admin")
async def admin_root() -> Response:
    return redirect("/admin/")


@router.get("/admin/")
async def home(request: Request, staff: StaffDep, session: SessionDep) -> Response:
    cards = await workspace.site_cards(session, staff.principal)
    alerts = await surges.alerts_for_staff(session, staff.principal)
    return render(request, "admin/home.html", {"cards": cards, "alerts": alerts}, staff=staff)
