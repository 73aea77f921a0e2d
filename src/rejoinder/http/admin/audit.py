"""`/admin/sites/{site}/audit`: the site's audit log, newest first, with filters and downloads.

Read-only: the dashboard has no action that changes or removes an entry.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import urlencode

import orjson
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from rejoinder.domain.errors import BadRequest
from rejoinder.http.admin.common import NO_STORE, StaffDep, render
from rejoinder.http.deps import SessionDep
from rejoinder.i18n import admin_audit  # noqa: F401  (registers the page's strings)
from rejoinder.services import access, audit, audit_export, dsa

router = APIRouter()
PAGE_SIZE = 50
Text = Annotated[str, Query(max_length=200)]
CursorQuery = Annotated[str | None, Query(max_length=200)]
FILTERS = ("action", "actor", "target", "since", "until")


@router.get("/admin/sites/{site}/audit")
async def audit_page(
    request: Request,
    site: str,
    staff: StaffDep,
    session: SessionDep,
    action: Text = "",
    actor: Text = "",
    target: Text = "",
    since: Text = "",
    until: Text = "",
    cursor: CursorQuery = None,
) -> Response:
    checked = await access.access_site_as_moderator(session, site, staff.principal)
    given = {"action": action, "actor": actor, "target": target, "since": since, "until": until}
    filters = audit.parse_filters(**given)
    page = await audit.entries(session, site, staff.principal, filters, PAGE_SIZE, cursor)
    kept = {name: value for name, value in given.items() if value}
    older = None
    if page.next_cursor:
        older = f"{request.url.path}?{urlencode({**kept, 'cursor': page.next_cursor})}"
    context = {
        "site": checked,
        "section": "audit",
        "page": page,
        "given": given,
        "older": older,
        "since_query": urlencode({"since": since}) if since else "",
    }
    return render(request, "admin/audit.html", context, staff=staff)


def _since(text: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise BadRequest("'since' is a date such as 2026-12-01.") from None


@router.get("/admin/sites/{site}/audit/export.{extension}")
async def audit_download(
    site: str, extension: str, staff: StaffDep, session: SessionDep, since: Text = ""
) -> Response:
    if extension not in ("csv", "jsonl"):
        raise BadRequest("Download the log as .csv or .jsonl.")
    rows = await audit.export_for_staff(session, site, staff.principal, _since(since))
    body = audit_export.as_csv(rows) if extension == "csv" else audit_export.as_json_lines(rows)
    media = "text/csv" if extension == "csv" else "application/x-ndjson"
    headers = {
        **NO_STORE,
        "content-disposition": f'attachment; filename="audit-{site}.{extension}"',
    }
    return Response(body, media_type=f"{media}; charset=utf-8", headers=headers)


@router.get("/admin/sites/{site}/dsa/export.jsonl")
async def dsa_download(
    site: str, staff: StaffDep, session: SessionDep, since: Text = ""
) -> Response:
    """The statements of reasons in the DSA Transparency Database's format (Art. 24(5))."""
    statements = await dsa.export_statements(session, site, staff.principal, _since(since))
    body = "".join(orjson.dumps(statement).decode() + "\n" for statement in statements)
    headers = {**NO_STORE, "content-disposition": f'attachment; filename="dsa-{site}.jsonl"'}
    return Response(body, media_type="application/x-ndjson; charset=utf-8", headers=headers)
