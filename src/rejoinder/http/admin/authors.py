"""The author panel beside a queue item: the author's record on the site, standing and notes,
and the moderator's changes to them (accounts by account, guests by network identity key)."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Request
from fastapi.responses import Response

from rejoinder.domain.errors import BadRequest
from rejoinder.http.admin.common import Form, StaffDep, read_form, render
from rejoinder.http.deps import RuntimeDep, SessionDep
from rejoinder.http.params import IdPath
from rejoinder.i18n import admin_authors  # noqa: F401  (registers the page's strings)
from rejoinder.services import guest_standing, queue_actions, queues, user_states
from rejoinder.services.runtime import Runtime

router = APIRouter()
PANEL = "/admin/sites/{site}/comments/{comment_id}/author"


async def _panel(
    request: Request, session: SessionDep, rt: Runtime, staff: StaffDep, site: str, comment_id: int
) -> Response:
    found = await queues.author_of(session, rt, site, comment_id, staff.principal)
    context = {"found": found, "site_slug": site, "ban_days": queue_actions.BAN_DAYS}
    return render(request, "admin/_author.html", context, staff=staff)


@router.get(PANEL)
async def author_panel(
    request: Request,
    site: str,
    comment_id: IdPath,
    staff: StaffDep,
    session: SessionDep,
    runtime: RuntimeDep,
) -> Response:
    return await _panel(request, session, runtime, staff, site, comment_id)


def _premoderate(form: Form) -> bool | None:
    choice = form.first("premoderate")
    if choice not in ("", "on", "off"):
        raise BadRequest("Pre-moderation is on, off, or left as it is.")
    return None if not choice else choice == "on"


async def _change_account(
    session: SessionDep, rt: Runtime, staff: StaffDep, site: str, account_id: int, form: Form
) -> None:
    days = form.first("suspend")
    change = user_states.StateChange(
        premoderated=_premoderate(form),
        suspended_until=(
            rt.now() + timedelta(days=queue_actions.ban_days(days, guest=False) or 0)
            if days and days not in ("lift", "ever")
            else None
        ),
        banned=True if days == "ever" else None,
        clear_suspension=days == "lift",
        note=form.first("note").strip() or None,
    )
    await user_states.set_on_site(session, rt, site, account_id, change, staff.principal)


@router.post(PANEL)
async def change_author(
    request: Request,
    site: str,
    comment_id: IdPath,
    staff: StaffDep,
    session: SessionDep,
    runtime: RuntimeDep,
) -> Response:
    form = await read_form(request)
    found = await queues.author_of(session, runtime, site, comment_id, staff.principal)
    if found.account is not None:
        account_id = found.account.state.account_id
        await _change_account(session, runtime, staff, site, account_id, form)
    elif found.guest is not None:
        wanted = guest_standing.GuestChange(
            premoderated=_premoderate(form),
            reason=form.first("note").strip(),
            note=form.first("note").strip() or None,
        )
        await guest_standing.change(session, runtime, site, comment_id, wanted, staff.principal)
    else:
        raise BadRequest(found.refusal or "This comment's author cannot be changed here.")
    return await _panel(request, session, runtime, staff, site, comment_id)
