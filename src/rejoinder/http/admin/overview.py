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
from rejoinder.http.deps import RuntimeDep, SessionDep
from rejoinder.i18n.admin import admin_translator, register
from rejoinder.services import overview as overview_service
from rejoinder.services.access import acts_as_admin
from rejoinder.services.overview import HourCount, Overview

router = APIRouter()
SitePath = Annotated[str, Path(min_length=1, max_length=63)]

register(
    {
        "ov_title": "Overview · {site}",
        "ov_intro": "Times are UTC; figures as of {now}.",
        "ov_per_hour": "Comments per hour, last 48 hours",
        "ov_chart_desc": "{total} comments in 48 hours; the busiest hour, {peak_hour}, had {peak}.",
        "ov_chart_empty": "No comments in the last 48 hours.",
        "ov_show_numbers": "Show the numbers",
        "ov_hour": "Hour (UTC)", "ov_comments": "Comments",
        "ov_stories": "Busiest stories, last 24 hours", "ov_story": "Story",
        "ov_comments_24h": "Comments (24 h)", "ov_pending": "Pending",
        "ov_open_queue": "Pending queue for {story}",
        "ov_no_stories": "No comments in the last 24 hours.",
        "ov_queue": "Queue health", "ov_pending_now": "Waiting in the pending queue",
        "ov_oldest": "Oldest waiting", "ov_nothing_waiting": "nothing waits",
        "ov_decisions": "Decisions by moderators per hour (last 24 h)",
        "ov_decisions_value": "{rate} ({count} in 24 h)",
        "ov_reports": "Reports not yet reviewed",
        "ov_outcomes": "Held and rejected, last 7 days",
        "ov_posted": "Comments posted", "ov_held": "Held for review by the checks",
        "ov_rejected": "Rejected", "ov_share": "{count} ({share})",
        "ov_minutes": "{m} min", "ov_hours": "{h} h {m} min", "ov_days": "{d} d {h} h",
    },
    {
        "ov_title": "概要 · {site}",
        "ov_intro": "時刻は UTC、{now} 時点の数値です。",
        "ov_per_hour": "1時間あたりのコメント数(直近48時間)",
        "ov_chart_desc": "48時間で {total} 件。最も多かったのは {peak_hour} の {peak} 件です。",
        "ov_chart_empty": "直近48時間のコメントはありません。",
        "ov_show_numbers": "数値を表示",
        "ov_hour": "時間帯 (UTC)", "ov_comments": "コメント数",
        "ov_stories": "コメントの多い記事(直近24時間)", "ov_story": "記事",
        "ov_comments_24h": "コメント数(24時間)", "ov_pending": "保留中",
        "ov_open_queue": "{story} の保留キュー",
        "ov_no_stories": "直近24時間のコメントはありません。",
        "ov_queue": "キューの状況", "ov_pending_now": "保留キューの件数",
        "ov_oldest": "最も長く待っているもの", "ov_nothing_waiting": "待機中のものはありません",
        "ov_decisions": "モデレーターの1時間あたりの判断数(直近24時間)",
        "ov_decisions_value": "{rate}(24時間で {count} 件)",
        "ov_reports": "未確認の通報",
        "ov_outcomes": "保留と却下の割合(直近7日間)",
        "ov_posted": "投稿されたコメント", "ov_held": "チェックで保留されたもの",
        "ov_rejected": "却下されたもの", "ov_share": "{count} 件({share})",
        "ov_minutes": "{m}分", "ov_hours": "{h}時間{m}分", "ov_days": "{d}日{h}時間",
    },
)  # fmt: skip


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
        "current": "overview",
    }


@router.get("/admin/sites/{site}/overview")
async def overview_page(
    request: Request, site: SitePath, staff: StaffDep, session: SessionDep, runtime: RuntimeDep
) -> Response:
    found = await overview_service.overview(session, runtime, site, staff.principal)
    context = {**_context(request, found), "is_admin": acts_as_admin(staff.principal)}
    return render(request, "admin/overview.html", context, staff=staff)
