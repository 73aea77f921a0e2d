"""`/admin/sites/{site}/queues/{queue}`: a site's queue, riskiest first, decided with one key.

Decisions are htmx posts that swap the item for a one-line record of the decision in the same
place (nothing below it moves up under the moderator's eyes), with the counts updated out of
band; without JavaScript the same forms post and come back to the queue.
"""

from __future__ import annotations

from typing import Annotated, Any, get_args
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from markupsafe import Markup

from rejoinder.domain import dsa as dsa_rules
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
from rejoinder.i18n.admin import admin_translator, register
from rejoinder.services import moderation_actions, queue_actions, queues
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
# The EU Transparency Database's categories, readable ("STATEMENT_CATEGORY_SCAMS_AND_FRAUD" ->
# "Scams and fraud"); the one a moderator is most likely to want first.
CATEGORY_LABELS = {
    category.value: category.value.removeprefix("STATEMENT_CATEGORY_")
    .replace("_", " ")
    .capitalize()
    for category in sorted(
        dsa_rules.Category, key=lambda c: c != dsa_rules.Category.ILLEGAL_OR_HARMFUL_SPEECH
    )
}


def _verdict(action: str) -> Verdict:
    return "approve" if action == "approve" else "reject"


register(
    en={
        "queue_pending": "Pending",
        "queue_reported": "Reported",
        "queue_flagged": "Flagged",
        "queue_illegal": "Illegal content (DSA)",
        "queue_all": "All",
        "queue_approved": "Approved",
        "queue_rejected": "Rejected",
        "queue_empty": "Nothing waits here.",
        "sort_risk": "Riskiest first",
        "sort_newest": "Newest first",
        "sort_oldest": "Oldest first",
        "filter": "Filter",
        "story": "Story",
        "author": "Author",
        "reason": "Reason",
        "approve": "Approve",
        "reject": "Reject",
        "feature": "Feature",
        "unfeature": "Stop featuring",
        "ban": "Ban author",
        "select": "Select",
        "reject_all_author": "Reject all by this author on this site",
        "why_first": "Why here",
        "scores": "Scores",
        "threshold": "holds at",
        "reports": "Reports",
        "in_reply_to": "In reply to",
        "thread": "Thread",
        "author_panel": "Author",
        "decisions": "Earlier decisions",
        "reason_list": "Reason",
        "reason_text": "Note to the record (optional)",
        "ban_for": "Ban for",
        "days": "{n} days",
        "forever": "Until lifted",
        "bulk": "With the selected",
        "bulk_approve": "Approve selected",
        "bulk_reject": "Reject selected",
        "bulk_ban": "Ban their authors",
        "next_page": "Next page",
        "keys": "Keyboard shortcuts",
        "keys_help": "Press ? for keyboard shortcuts.",
        "close": "Close",
        "decided": "{action}: comment {id}.",
        "done_bulk": "{n} comments decided.",
        "skipped": "Left as they were: {n}.",
        "queue_label": "Queue",
        "grounds": "Grounds for the statement of reasons (EU DSA)",
        "ground_kind": "Ground",
        "ground_none": "The site's comment rules",
        "ground_terms": "Incompatible with the site's terms",
        "ground_illegal": "Illegal content",
        "ground_text": "The law, or the clause of the terms",
        "ground_explanation": "Why it is illegal or breaks the terms",
        "ground_category": "Category",
        "sort": "Sort",
        "posted": "posted",
        "guest": "guest",
        "status": "Status",
    },
    ja={
        "queue_pending": "保留中",
        "queue_reported": "通報あり",
        "queue_flagged": "要確認",
        "queue_illegal": "違法コンテンツ (DSA)",
        "queue_all": "すべて",
        "queue_approved": "承認済み",
        "queue_rejected": "却下済み",
        "queue_empty": "待っているものはありません。",
        "sort_risk": "リスクの高い順",
        "sort_newest": "新しい順",
        "sort_oldest": "古い順",
        "filter": "絞り込み",
        "story": "記事",
        "author": "投稿者",
        "reason": "理由",
        "approve": "承認",
        "reject": "却下",
        "feature": "注目に設定",
        "unfeature": "注目を解除",
        "ban": "投稿者を禁止",
        "select": "選択",
        "reject_all_author": "このサイトでのこの投稿者のコメントをすべて却下",
        "why_first": "順位の理由",
        "scores": "スコア",
        "threshold": "保留の基準",
        "reports": "通報",
        "in_reply_to": "返信先",
        "thread": "スレッド",
        "author_panel": "投稿者",
        "decisions": "これまでの判断",
        "reason_list": "理由",
        "reason_text": "記録用のメモ (任意)",
        "ban_for": "禁止期間",
        "days": "{n} 日",
        "forever": "解除するまで",
        "bulk": "選択したものを",
        "bulk_approve": "選択を承認",
        "bulk_reject": "選択を却下",
        "bulk_ban": "投稿者を禁止",
        "next_page": "次のページ",
        "keys": "キーボードショートカット",
        "keys_help": "? でキーボードショートカットを表示します。",
        "close": "閉じる",
        "decided": "{action}: コメント {id}",
        "done_bulk": "{n} 件のコメントを判断しました。",
        "skipped": "変更しなかったもの: {n} 件",
        "queue_label": "キュー",
        "grounds": "理由の説明の根拠 (EU DSA)",
        "ground_kind": "根拠",
        "ground_none": "サイトのコメント規則",
        "ground_terms": "サイトの規約に反する",
        "ground_illegal": "違法なコンテンツ",
        "ground_text": "法律、または規約の条項",
        "ground_explanation": "違法である理由、または規約に反する理由",
        "ground_category": "分類",
        "sort": "並べ替え",
        "posted": "投稿",
        "guest": "ゲスト",
        "status": "状態",
    },
)


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
    return render(request, "admin/queue.html", context, staff=staff)


def _page_context(request: Request, view: queues.QueueView, staff: Staff) -> dict[str, Any]:
    here = str(request.url.path) + (f"?{request.url.query}" if request.url.query else "")
    t = admin_translator(request_language(request))
    return {
        # Written once per page rather than escaped again in each of its fifty items.
        "hidden": _hidden(csrf_token=staff.csrf_token, back=here, kind=view.query.kind),
        "reason_options": _options(REJECT_REASONS),
        "category_options": _options(CATEGORY_LABELS),
        "ban_options": _options({d: t("days", n=d) for d in queue_actions.BAN_DAYS}),
        "view": view,
        "site": view.site,
        "kind": view.query.kind,
        "kinds": QUEUE_KINDS,
        "reasons": REJECT_REASONS,
        "ban_days": queue_actions.BAN_DAYS,
        "highlight": highlight,
        "here": here,
        "message": request.query_params.get("done", "")[:12],
        "next_url": _next_url(request, view.next_cursor),
    }


def _next_url(request: Request, cursor: str | None) -> str | None:
    if cursor is None:
        return None
    params = {k: v for k, v in request.query_params.items() if k not in ("cursor", "done")}
    return str(request.url.path) + "?" + urlencode({**params, "cursor": cursor})


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
    else:
        raise BadRequest("Choose approve, reject, feature or unfeature.")
    return await _after(request, session, runtime, staff, site, comment_id, action, form)


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
    return redirect(_with_done(safe_next(form.first("back")), len(outcome.decided)))


def _with_done(path: str, count: int) -> str:
    joiner = "&" if "?" in path else "?"
    return f"{path}{joiner}done={count}"


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
    return redirect(_with_done(safe_next(form.first("back")), len(outcome.decided)))


@router.get("/admin/sites/{site}/comments/{comment_id}/thread")
async def thread(
    request: Request, site: str, comment_id: IdPath, staff: StaffDep, session: SessionDep
) -> Response:
    found = await queues.thread_of(session, site, comment_id, staff.principal)
    return render(request, "admin/_thread.html", {"thread": found}, staff=staff)
