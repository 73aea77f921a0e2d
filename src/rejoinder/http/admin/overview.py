"""`/admin/sites/{site}/overview`: the editor's view of a site, for its moderators and admins.

Comments per hour over two days (an SVG bar chart drawn here, with its numbers as a table), the
stories busiest in the last day (each linked to its pending queue), how the queues keep up, and
what share of the last week's comments was held or rejected. Times are UTC.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response

from rejoinder.http.admin.charts import bar_chart
from rejoinder.http.admin.common import StaffDep, render, request_language
from rejoinder.http.admin.insight import insight_path
from rejoinder.http.deps import RuntimeDep, SessionDep
from rejoinder.i18n import admin_overview  # noqa: F401  (registers the page's strings)
from rejoinder.i18n.admin import admin_translator
from rejoinder.services import overview as overview_service
from rejoinder.services.access import acts_as_admin
from rejoinder.services.overview import HourCount, Overview

router = APIRouter()
SitePath = Annotated[str, Path(min_length=1, max_length=63)]


def age_text(t: Callable[..., str], age: timedelta) -> str:
    """`2 h 5 min`, in the page's language."""
    minutes = int(age.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return t("ov_days", d=days, h=hours)
    if hours:
        return t("ov_hours", h=hours, m=mins)
    return t("ov_minutes", m=mins)


def share_text(share: float) -> str:
    return f"{share * 100:.1f} %"


def _hour_label(hour: HourCount) -> str:
    return hour.start.strftime("%m-%d %H:00")


def _short(label: str) -> str:
    return label.rsplit(" ", 1)[-1]


def queue_link(slug: str, story_key: str) -> str:
    return f"/admin/sites/{quote(slug, safe='')}/queues/pending?story={quote(story_key, safe='')}"


def _context(request: Request, found: Overview) -> dict[str, object]:
    t = admin_translator(request_language(request))
    points = [(_hour_label(hour), hour.count) for hour in found.hours]
    age = found.queue.oldest_pending_age
    return {
        "site": {"slug": found.site_slug, "name": found.site_name},
        "found": found,
        "chart": bar_chart(points, tick_every=6, tick_label=_short),
        "points": points,
        "oldest": age_text(t, age) if age is not None else "",
        "decision_rate": f"{found.queue.decisions_per_hour:.1f}",
        "held_share": share_text(found.outcomes.held_share),
        "rejected_share": share_text(found.outcomes.rejected_share),
        "links": {s.key: queue_link(found.site_slug, s.key) for s in found.stories},
        "insight_links": {s.key: insight_path(found.site_slug, s.key) for s in found.stories},
        "current": "overview",
    }


@router.get("/admin/sites/{site}/overview")
async def overview_page(
    request: Request, site: SitePath, staff: StaffDep, session: SessionDep, runtime: RuntimeDep
) -> Response:
    found = await overview_service.overview(session, runtime, site, staff.principal)
    context = {**_context(request, found), "is_admin": acts_as_admin(staff.principal)}
    return render(request, "admin/overview.html", context, staff=staff)
