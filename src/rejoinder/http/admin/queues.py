"""`/admin/sites/{site}/queues/{queue}`: a site's queue, riskiest first, decided with one key.

Decisions are htmx posts that swap the item for a one-line record of the decision in the same
place (nothing below it moves up under the moderator's eyes), with the counts updated out of
band; without JavaScript the same forms post and come back to the queue.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, Any, get_args
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from markupsafe import Markup

from rejoinder.domain import dsa as dsa_rules
from rejoinder.domain import risk
from rejoinder.domain.enums import QUEUE_KINDS, WORK_QUEUES, QueueKind, QueueSort
from rejoinder.domain.errors import BadRequest, NotFound
from rejoinder.http.admin.common import (
    Form,
    Staff,
    StaffDep,
    is_htmx,
    read_form,
    redirect,
    render,
    request_language,
    safe_next,
)
from rejoinder.http.admin.highlight import highlight
from rejoinder.http.deps import RuntimeDep, SessionDep
from rejoinder.http.params import IdPath
from rejoinder.i18n import (
    admin_alerts,  # noqa: F401  (registers the banner's strings)
    admin_queue,  # noqa: F401  (registers the pages' strings)
)
from rejoinder.i18n.admin import admin_translator
from rejoinder.services import moderation_actions, queue_actions, queues, surges
from rejoinder.services.moderation_actions import Verdict
from rejoinder.services.queues import QueueQuery

router = APIRouter()
PAGE_SIZE = 50
FilterQuery = Annotated[str, Query(max_length=200)]
CursorQuery = Annotated[str | None, Query(max_length=60)]
# Reasons a moderator picks when rejecting; the free text adds to it.
REJECT_REASONS = {
    "incivility": "Uncivil or abusive",
    "hate": "Hate or harassment",
    "spam": "Spam or advertising",
    "off_topic": "Off topic",
    "personal_data": "Shares personal information",
    "illegal": "Illegal content",
    "other": "Other",
}
VERDICTS = {"approve", "reject"}
# The EU Transparency Database's categories, the one a moderator most likely wants first.
CATEGORIES = sorted(
    dsa_rules.Category, key=lambda c: c != dsa_rules.Category.ILLEGAL_OR_HARMFUL_SPEECH
)


def _verdict(action: str) -> Verdict:
    return "approve" if action == "approve" else "reject"


def _kind(queue: str) -> QueueKind:
    for kind in QUEUE_KINDS:
        if kind == queue:
            return kind
    raise NotFound(f"There is no queue '{queue}'. Queues: {', '.join(QUEUE_KINDS)}.")


def _sort(sort: str, kind: QueueKind) -> QueueSort:
    if not sort:
        return "risk" if kind in WORK_QUEUES else "newest"
    for known in get_args(QueueSort):
        if known == sort:
            return known  # type: ignore[no-any-return]
    raise BadRequest("Sort by risk, newest or oldest.")


def _queue_path(site: str, kind: str) -> str:
    return f"/admin/sites/{site}/queues/{kind}"


@router.get("/admin/sites/{site}/queues/{queue}")
async def queue_page(
    request: Request,
    site: str,
    queue: str,
    staff: StaffDep,
    session: SessionDep,
    runtime: RuntimeDep,
    sort: FilterQuery = "",
    story: FilterQuery = "",
    author: FilterQuery = "",
    reason: FilterQuery = "",
    cursor: CursorQuery = None,
) -> Response:
    kind = _kind(queue)
    query = QueueQuery(kind, _sort(sort, kind), story, author, reason, PAGE_SIZE, cursor)
    view = await queues.queue(session, runtime, site, staff.principal, query)
    context = _page_context(request, view, staff)
    context["alerts"] = await surges.alerts_on_site(session, site, staff.principal)
    return render(request, "admin/queue.html", context, staff=staff)


def _page_context(request: Request, view: queues.QueueView, staff: Staff) -> dict[str, Any]:
    here = str(request.url.path) + (f"?{request.url.query}" if request.url.query else "")
    t = admin_translator(request_language(request))
    return {
        # Written once per page rather than escaped again in each of its fifty items.
        "hidden": _hidden(csrf_token=staff.csrf_token, back=here, kind=view.query.kind),
        "reason_options": _options({code: t(f"rr_{code}") for code in REJECT_REASONS}),
        "category_options": _options(
            {c.value: t("cat_" + c.value.removeprefix("STATEMENT_CATEGORY_")) for c in CATEGORIES}
        ),
        "ban_options": _options({d: days_label(t, d) for d in queue_actions.BAN_DAYS}),
        "view": view,
        "site": view.site,
        "kind": view.query.kind,
        "kinds": QUEUE_KINDS,
        "why_here": lambda factors: why_here(t, factors),
        "ban_days": queue_actions.BAN_DAYS,
        "highlight": highlight,
        "here": here,
        "message": request.query_params.get("done", "")[:12],
        "skipped": request.query_params.get("skipped", "")[:12],
        "next_url": _next_url(request, view.next_cursor),
    }


def _next_url(request: Request, cursor: str | None) -> str | None:
    if cursor is None:
        return None
    params = {
        k: v for k, v in request.query_params.items() if k not in ("cursor", "done", "skipped")
    }
    return str(request.url.path) + "?" + urlencode({**params, "cursor": cursor})


def days_label(t: Callable[..., str], days: str) -> str:
    return t("day_one") if days == "1" else t("days", n=days)


def why_here(t: Callable[..., str], factors: Sequence[str]) -> str:
    """An item's risk factors (stored in English) in the moderator's language."""
    said = (t(f"why_{code}", **values) for code, values in map(risk.explain, factors))
    return t("why_separator").join(said)


def _hidden(**fields: str) -> Markup:
    return Markup("").join(
        Markup('<input type="hidden" name="{}" value="{}">').format(name, value)
        for name, value in fields.items()
    )


def _options(choices: dict[str, str]) -> Markup:
    return Markup("").join(
        Markup('<option value="{}">{}</option>').format(value, label)
        for value, label in choices.items()
    )


def _grounds(form: Form) -> dsa_rules.GroundsGiven | None:
    """A rejection's DSA grounds from the reject form; none: the site's terms are the ground."""
    kind = form.first("decision_ground")
    if not kind:
        return None
    try:
        ground = dsa_rules.DecisionGround(kind)
        category = dsa_rules.Category(form.first("category"))
    except ValueError:
        raise BadRequest("Choose the ground and the category from the lists.") from None
    text = form.first("ground").strip()
    illegal = ground is dsa_rules.DecisionGround.ILLEGAL_CONTENT
    return dsa_rules.GroundsGiven(
        ground,
        form.first("explanation").strip(),
        category,
        legal_ground=text if illegal else None,
        terms_ground=None if illegal else text,
    )


def _reason(form_code: str, text: str) -> str:
    label = REJECT_REASONS.get(form_code, "")
    text = text.strip()[: moderation_actions.MAX_REASON_CHARS]
    return f"{label}: {text}" if label and text else (label or text)


@router.post("/admin/sites/{site}/comments/{comment_id}/decision")
async def decide(
    request: Request,
    site: str,
    comment_id: IdPath,
    staff: StaffDep,
    session: SessionDep,
    runtime: RuntimeDep,
) -> Response:
    form = await read_form(request)
    action = form.first("action")
    principal = staff.principal
    if action in VERDICTS:
        reason = _reason(form.first("reason_code"), form.first("reason_text"))
        verdict = _verdict(action)
        grounds = _grounds(form) if verdict == "reject" else None
        await moderation_actions.decide(
            session, runtime, site, comment_id, verdict, reason, principal, grounds
        )
    elif action in ("feature", "unfeature"):
        await queue_actions.feature(
            session, runtime, site, comment_id, action == "feature", principal
        )
        return _featured(request, staff, comment_id, action, form)
    else:
        raise BadRequest("Choose approve, reject, feature or unfeature.")
    return await _after(request, session, runtime, staff, site, comment_id, action, form)


def _featured(request: Request, staff: Staff, comment_id: int, action: str, form: Form) -> Response:
    """Featuring decides nothing: the item stays where it is, and a message says it is done."""
    if not is_htmx(request):
        return redirect(safe_next(form.first("back")))
    t = admin_translator(request_language(request))
    message = t(f"{action}_done", id=comment_id)
    headers = {"HX-Retarget": "#flash", "HX-Reswap": "innerHTML"}
    return render(request, "admin/_flash.html", {"message": message}, staff=staff, headers=headers)


async def _after(
    request: Request,
    session: SessionDep,
    runtime: RuntimeDep,
    staff: Staff,
    site: str,
    comment_id: int,
    done: str,
    form: Any,
    message: str = "",
) -> Response:
    """htmx: the item's record of the decision, and the counts; otherwise back to the queue."""
    back = safe_next(form.first("back"))
    if not is_htmx(request):
        return redirect(back)
    view_counts = await queues.counts_for(session, site, staff.principal)
    context = {
        "comment_id": comment_id,
        "done": done,
        "message": message,
        "counts": view_counts,
        "site_slug": site,
        "kinds": QUEUE_KINDS,
        "kind": form.first("kind") or "pending",
    }
    return render(request, "admin/_decided.html", context, staff=staff)


@router.post("/admin/sites/{site}/comments/{comment_id}/ban")
async def ban(
    request: Request,
    site: str,
    comment_id: IdPath,
    staff: StaffDep,
    session: SessionDep,
    runtime: RuntimeDep,
) -> Response:
    form = await read_form(request)
    reason = _reason(form.first("reason_code"), form.first("reason_text"))
    done = await queue_actions.ban_author(
        session, runtime, site, comment_id, form.first("days"), reason, staff.principal
    )
    if not is_htmx(request):
        return redirect(safe_next(form.first("back")))
    return render(request, "admin/_flash.html", {"message": done}, staff=staff)


@router.post("/admin/sites/{site}/comments/{comment_id}/reject-author")
async def reject_author(
    request: Request,
    site: str,
    comment_id: IdPath,
    staff: StaffDep,
    session: SessionDep,
    runtime: RuntimeDep,
) -> Response:
    form = await read_form(request)
    reason = _reason(form.first("reason_code"), form.first("reason_text"))
    outcome = await queue_actions.reject_all_by_author(
        session, runtime, site, comment_id, reason, staff.principal
    )
    return redirect(_with_done(safe_next(form.first("back")), outcome))


def _with_done(path: str, outcome: queue_actions.Outcome) -> str:
    joiner = "&" if "?" in path else "?"
    skipped = f"&skipped={len(outcome.skipped)}" if outcome.skipped else ""
    return f"{path}{joiner}done={len(outcome.decided)}{skipped}"


@router.post("/admin/sites/{site}/bulk")
async def bulk(
    request: Request, site: str, staff: StaffDep, session: SessionDep, runtime: RuntimeDep
) -> Response:
    form = await read_form(request)
    action = form.first("action")
    ids = [int(value) for value in form.all("ids") if value.isdigit() and len(value) <= 18]
    reason = _reason(form.first("reason_code"), form.first("reason_text"))
    if action == "ban":
        outcome = await queue_actions.ban_many(
            session, runtime, site, ids, form.first("days"), reason, staff.principal
        )
    elif action in VERDICTS:
        outcome = await queue_actions.decide_many(
            session, runtime, site, ids, _verdict(action), reason, staff.principal
        )
    else:
        raise BadRequest("Choose approve, reject or ban for the selected comments.")
    return redirect(_with_done(safe_next(form.first("back")), outcome))


@router.get("/admin/sites/{site}/comments/{comment_id}/thread")
async def thread(
    request: Request, site: str, comment_id: IdPath, staff: StaffDep, session: SessionDep
) -> Response:
    found = await queues.thread_of(session, site, comment_id, staff.principal)
    return render(request, "admin/_thread.html", {"thread": found}, staff=staff)
