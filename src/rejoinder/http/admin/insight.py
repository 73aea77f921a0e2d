"""`/admin/sites/{site}/stories/{story}/insight`: what a story's discussion says, for its site's
moderators and admins (issue 18, docs/insight.md); and `/admin/sites/{site}/digest`, the
site's last 7 days.

The page reads the insight as the API does (services/insight.py: stored by the job, or
computed for the request when none is stored) and names its comments by author and excerpt,
each linked to the story's "all" queue at that comment. The temperature is an SVG chart drawn
here (charts.py: comments per interval as bars, the flagged share and the mean toxicity as
lines, heated intervals as bands), with the same numbers as a table. Suggested threads are
the inferred replies not yet accepted; accepting one posts a form (htmx swaps the suggestion
for a message; without script the page comes back with it).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response

from rejoinder.domain.errors import BadRequest
from rejoinder.http.admin.charts import bar_chart, marks, polyline, share_line
from rejoinder.http.admin.common import (
    StaffDep,
    is_htmx,
    read_form,
    redirect,
    render,
    request_language,
)
from rejoinder.http.deps import RuntimeDep, SessionDep
from rejoinder.http.params import IdPath
from rejoinder.i18n import admin_insight  # noqa: F401  (registers the page's strings)
from rejoinder.i18n.admin import admin_translator
from rejoinder.insight.model import InsightComment
from rejoinder.services import digest as digest_service
from rejoinder.services import insight as insight_service
from rejoinder.services.access import acts_as_admin

router = APIRouter()
SitePath = Annotated[str, Path(min_length=1, max_length=63)]
StoryPath = Annotated[str, Path(min_length=1, max_length=255)]
EXCERPT_CHARS = 220
DONE = {"accepted", "recomputed", "queued"}
DASH = "\u2013"  # between an interval's ends; alone: no figure
MIN_SLOTS = 12  # a story of few intervals gets bars of a twelfth of the chart, not one wide bar

# The notes of insight the page words (the others are said by an empty section already).
WORDED_NOTES = frozenset({"times_by_order"})


def insight_path(site: str, story: str) -> str:
    return f"/admin/sites/{quote(site, safe='')}/stories/{quote(story, safe='')}/insight"


def comment_link(site: str, story: str, comment_id: int) -> str:
    """The comment in the story's "all" queue, oldest first (where an imported page begins)."""
    return (
        f"/admin/sites/{quote(site, safe='')}/queues/all?story={quote(story, safe='')}"
        f"&sort=oldest#item-{comment_id}"
    )


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0] + " …"


def percent(share: float) -> str:
    return f"{share * 100:.0f} %"


def _time(value: Any) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def _interval_label(start: datetime, end: datetime, many_days: bool) -> str:
    if many_days or start.date() != end.date():
        return f"{start:%m-%d %H:%M}{DASH}{end:%m-%d %H:%M}"
    return f"{start:%H:%M}{DASH}{end:%H:%M}"


class _Comments:
    """The page's view of a comment by id: author, excerpt and link (or a placeholder for a
    comment insight no longer reads, deleted since it was computed)."""

    def __init__(self, site: str, story: str, comments: dict[int, InsightComment]) -> None:
        self.site, self.story, self.comments = site, story, comments

    def __call__(self, comment_id: int) -> dict[str, Any]:
        found = self.comments.get(comment_id)
        return {
            "id": comment_id,
            "author": found.author if found else "",
            "excerpt": excerpt(found.text) if found else "",
            "likes": found.like_count if found else 0,
            "gone": found is None,
            "link": comment_link(self.site, self.story, comment_id),
        }


def _viewpoints(payload: dict[str, Any], comment: _Comments) -> list[dict[str, Any]]:
    return [
        {
            "label": v["label"],
            "share": percent(float(v["share"])),
            "like_share": percent(float(v.get("like_share") or 0.0)),
            "share_width": round(float(v["share"]) * 100, 1),
            "like_width": round(float(v.get("like_share") or 0.0) * 100, 1),
            "count": len(v["comment_ids"]),
            "representatives": [comment(i) for i in v["representative_ids"]],
        }
        for v in payload.get("viewpoints") or []
    ]


def _run_labels(t: Callable[..., str], counts: list[int]) -> list[str]:
    """Where each run of the page's comments lies: comments 1 to 4, 5 to 8, and so on."""
    labels, first = [], 1
    for count in counts:
        last = first + count - 1
        labels.append(t("in_run", first=first, last=last) if last > first else str(first))
        first += count
    return labels


def _temperature(
    t: Callable[..., str], payload: dict[str, Any], comment: _Comments
) -> dict[str, Any]:
    intervals = payload.get("temperature") or []
    starts = [_time(i["start"]) for i in intervals]
    ends = [_time(i["end"]) for i in intervals]
    many_days = bool(starts) and starts[0].date() != ends[-1].date()
    counts = [int(i["comments"]) for i in intervals]
    by_order = any(i.get("by_order") for i in intervals)
    if by_order:  # an import without times: runs of its comments, in page order
        labels = _run_labels(t, counts)
    else:
        labels = [_interval_label(s, e, many_days) for s, e in zip(starts, ends, strict=True)]
    flagged = [int(i["flagged"]) for i in intervals]
    shares = [f / c if c else None for f, c in zip(flagged, counts, strict=True)]
    toxicity = [i.get("mean_toxicity") for i in intervals]
    heated = [bool(i.get("heated")) for i in intervals]
    chart = bar_chart(
        list(zip(labels, counts, strict=True)),
        tick_every=max(len(labels) // 6, 1),
        min_slots=MIN_SLOTS,
    )
    flagged_line = share_line(shares, labels, MIN_SLOTS)
    toxicity_line = share_line(toxicity, labels, MIN_SLOTS)
    rows = [
        {
            "index": index,
            "label": labels[index],
            "start": starts[index],
            "comments": counts[index],
            "flagged": flagged[index],
            "flagged_share": percent(shares[index] or 0.0) if counts[index] else DASH,
            "toxicity": f"{toxicity[index]:.2f}" if toxicity[index] is not None else DASH,
            "heated": heated[index],
            "culprits": [comment(i) for i in interval.get("comment_ids") or []],
        }
        for index, interval in enumerate(intervals)
    ]
    hot = [row for row in rows if row["heated"]]
    if not intervals:
        desc = t("in_chart_empty")
    else:
        peak = max(range(len(counts)), key=lambda index: counts[index])
        desc = t(
            "in_chart_desc", total=sum(counts), intervals=len(counts),
            peak=labels[peak], peak_count=counts[peak], heated=len(hot),
        )  # fmt: skip
    return {
        "chart": chart,
        "flagged_points": flagged_line,
        "flagged_line": polyline(flagged_line),
        "toxicity_points": toxicity_line,
        "toxicity_line": polyline(toxicity_line),
        "marks": marks(heated, labels, MIN_SLOTS),
        "by_order": by_order,
        "rows": rows,
        "hot": hot,
        "desc": desc,
    }


def _questions(payload: dict[str, Any], comment: _Comments) -> list[dict[str, Any]]:
    return [
        {
            **comment(int(q["comment_id"])),
            "text": q.get("text") or "",
            "to_newsroom": bool(q.get("to_newsroom")),
            "answers": [comment(i) for i in q.get("answer_ids") or []],
        }
        for q in payload.get("questions") or []
    ]


def _suggestions(
    payload: dict[str, Any], accepted: frozenset[int], comment: _Comments
) -> list[dict[str, Any]]:
    """Inferred replies to someone, not accepted yet, most confident first."""
    pending = [
        r
        for r in payload.get("inferred_replies") or []
        if r.get("parent_id") is not None and int(r["comment_id"]) not in accepted
    ]
    pending.sort(key=lambda r: (-float(r["confidence"]), int(r["comment_id"])))
    return [
        {
            "comment": comment(int(r["comment_id"])),
            "parent": comment(int(r["parent_id"])),
            "confidence": percent(float(r["confidence"])),
        }
        for r in pending
        if int(r["comment_id"]) in comment.comments and int(r["parent_id"]) in comment.comments
    ]


def _done_message(t: Callable[..., str], done: str, comment_id: str) -> str:
    if done not in DONE:
        return ""
    if done == "accepted":
        return t("in_accepted", id=comment_id if comment_id.isdigit() else "")
    return t(f"in_{done}")


@router.get("/admin/sites/{site}/stories/{story}/insight")
async def insight_page(
    request: Request,
    site: SitePath,
    story: StoryPath,
    staff: StaffDep,
    session: SessionDep,
    runtime: RuntimeDep,
) -> Response:
    page = await insight_service.read_page(session, runtime, site, story, staff.principal)
    view = page.view
    payload = view.payload
    t = admin_translator(request_language(request))
    comment = _Comments(view.site.slug, view.story.key, page.comments)
    context = {
        "site": {"slug": view.site.slug, "name": view.site.name},
        "story": {"key": view.story.key, "title": view.story.title, "url": view.story.url},
        "view": view,
        "here": insight_path(view.site.slug, view.story.key),
        "viewpoints": _viewpoints(payload, comment),
        "other": len(payload.get("other_ids") or []),
        "comment_count": int(payload.get("comment_count") or 0),
        "temperature": _temperature(t, payload, comment),
        "questions": _questions(payload, comment),
        "suggestions": _suggestions(payload, view.accepted_ids, comment),
        "notes": [t(f"in_note_{n}") for n in payload.get("notes") or [] if n in WORDED_NOTES],
        "message": _done_message(
            t, request.query_params.get("done", "")[:12], request.query_params.get("id", "")[:18]
        ),
        "current": "insight",
        "is_admin": acts_as_admin(staff.principal),
    }
    return render(request, "admin/insight.html", context, staff=staff)


def _form_id(value: str) -> int:
    if not value.isdigit() or len(value) > 18 or int(value) < 1:
        raise BadRequest("Name the suggested parent comment by its id.")
    return int(value)


@router.post("/admin/sites/{site}/stories/{story}/insight/replies/{comment_id}/accept")
async def accept(
    request: Request,
    site: SitePath,
    story: StoryPath,
    comment_id: IdPath,
    staff: StaffDep,
    session: SessionDep,
    runtime: RuntimeDep,
) -> Response:
    form = await read_form(request)
    parent_id = _form_id(form.first("parent_id"))
    await insight_service.accept_reply(
        session, runtime, site, story, comment_id, parent_id, staff.principal
    )
    if not is_htmx(request):
        return redirect(f"{insight_path(site, story)}?done=accepted&id={comment_id}")
    t = admin_translator(request_language(request))
    context = {"message": t("in_accepted", id=comment_id), "comment_id": comment_id}
    return render(request, "admin/insight_accepted.html", context, staff=staff)


@router.post("/admin/sites/{site}/stories/{story}/insight/recompute")
async def recompute(
    site: SitePath,
    story: StoryPath,
    staff: StaffDep,
    session: SessionDep,
    runtime: RuntimeDep,
) -> Response:
    now = await insight_service.recompute(session, runtime, site, story, staff.principal)
    return redirect(f"{insight_path(site, story)}?done={'recomputed' if now else 'queued'}")


def _digest_rows(found: digest_service.Digest) -> list[dict[str, Any]]:
    return [
        {
            "story": s,
            "link": insight_path(found.site_slug, s.key),
            "flagged_share": percent(s.flagged_share) if s.flagged_share is not None else DASH,
            "peak": f"{s.peak.start:%Y-%m-%d %H:%M}{DASH}{s.peak.end:%H:%M}" if s.peak else "",
        }
        for s in found.stories
    ]


@router.get("/admin/sites/{site}/digest")
async def digest_page(
    request: Request, site: SitePath, staff: StaffDep, session: SessionDep, runtime: RuntimeDep
) -> Response:
    found = await digest_service.digest(session, runtime, site, staff.principal)
    context = {
        "site": {"slug": found.site_slug, "name": found.site_name},
        "found": found,
        "rows": _digest_rows(found),
        "current": "digest",
        "is_admin": acts_as_admin(staff.principal),
    }
    return render(request, "admin/digest.html", context, staff=staff)
