"""Who moderates a site (`/admin/sites/{site}/moderators`: its moderators see the list, admins
appoint and remove) and the install's API tokens (`/admin/tokens`, admins only)."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import Response

from rejoinder.domain.errors import Invalid
from rejoinder.http.admin.common import Staff, StaffDep, read_form, redirect, render
from rejoinder.http.admin.site_admin import SitePath, site_path
from rejoinder.http.deps import RuntimeDep, SessionDep
from rejoinder.http.params import IdPath
from rejoinder.services import site_admin
from rejoinder.services.access import acts_as_admin

router = APIRouter()

# --- moderators -----------------------------------------------------------------------------

MODERATOR_NOTES = {"appointed": "sa_appointed", "removed": "sa_removed"}


async def _moderators_page(
    request: Request,
    staff: Staff,
    site: str,
    session: SessionDep,
    *,
    done: str = "",
    error: str = "",
    who: str = "",
    status: int = 200,
) -> Response:
    name, moderators = await site_admin.moderators_of(session, site, staff.principal)
    context = {
        "site": {"slug": site, "name": name},
        "moderators": moderators,
        "note": MODERATOR_NOTES.get(done, ""),
        "error": error,
        "who": who,
        "is_admin": acts_as_admin(staff.principal),
        "current": "moderators",
    }
    return render(request, "admin/moderators.html", context, status, staff=staff)


@router.get("/admin/sites/{site}/moderators")
async def moderators_page(
    request: Request, site: SitePath, staff: StaffDep, session: SessionDep, done: str = ""
) -> Response:
    return await _moderators_page(request, staff, site, session, done=done[:20])


@router.post("/admin/sites/{site}/moderators")
async def appoint_moderator(
    request: Request, site: SitePath, staff: StaffDep, session: SessionDep, runtime: RuntimeDep
) -> Response:
    who = (await read_form(request)).first("who")
    try:
        await site_admin.appoint(session, runtime, site, who, staff.principal)
    except (site_admin.UnknownAccount, Invalid) as refused:
        kept = who[: site_admin.MAX_WHO_CHARS]
        return await _moderators_page(
            request, staff, site, session, error=refused.message, who=kept, status=refused.status
        )
    return redirect(site_path(site, "moderators?done=appointed"))


@router.post("/admin/sites/{site}/moderators/{account_id}/remove")
async def remove_moderator(
    site: SitePath, account_id: IdPath, staff: StaffDep, session: SessionDep, runtime: RuntimeDep
) -> Response:
    await site_admin.dismiss(session, runtime, site, account_id, staff.principal)
    return redirect(site_path(site, "moderators?done=removed"))


# --- API tokens -----------------------------------------------------------------------------


@dataclass(frozen=True)
class TokenForm:
    who: str = ""
    label: str = ""
    error: str = ""


async def _tokens_page(
    request: Request,
    staff: Staff,
    session: SessionDep,
    *,
    done: str = "",
    form: TokenForm | None = None,
    created: tuple[site_admin.TokenView, str] | None = None,
    status: int = 200,
) -> Response:
    context = {
        "tokens": await site_admin.live_tokens(session, staff.principal),
        "revoked": done == "revoked",
        "form": form or TokenForm(),
        "created": created,
    }
    return render(request, "admin/tokens.html", context, status, staff=staff)


@router.get("/admin/tokens")
async def tokens_page(
    request: Request, staff: StaffDep, session: SessionDep, done: str = ""
) -> Response:
    return await _tokens_page(request, staff, session, done=done[:20])


@router.post("/admin/tokens")
async def create_token(
    request: Request, staff: StaffDep, session: SessionDep, runtime: RuntimeDep
) -> Response:
    form = await read_form(request)
    who, label = form.first("who")[: site_admin.MAX_WHO_CHARS], form.first("name")[:200]
    try:
        created = await site_admin.create_token(session, runtime, staff.principal, who, label)
    except (site_admin.UnknownAccount, Invalid) as refused:
        kept = TokenForm(who, label, refused.message)
        return await _tokens_page(request, staff, session, form=kept, status=refused.status)
    # The secret is in this answer only (never cached, never in a URL): no redirect here.
    return await _tokens_page(request, staff, session, created=created, status=201)


@router.post("/admin/tokens/{token_id}/revoke")
async def revoke_token(
    token_id: IdPath, staff: StaffDep, session: SessionDep, runtime: RuntimeDep
) -> Response:
    await site_admin.revoke_token(session, runtime, staff.principal, token_id)
    return redirect("/admin/tokens?done=revoked")
