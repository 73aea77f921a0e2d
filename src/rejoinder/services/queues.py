"""A site's moderation queues as the workspace reads them (issue 12): riskiest first by
default, each item with what a moderator needs to decide (SECURITY 27: the moderator's right to
the site is checked first, and everything is looked up within that site only).

The order is `comments.risk` (domain/risk.py): fixed when the pipeline judges a comment, raised
by a job when a report is filed, read through an index. Each item explains it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from rejoinder.domain import risk
from rejoinder.domain.enums import QUEUE_KINDS, QueueKind, QueueSort, ReportReason
from rejoinder.domain.errors import BadRequest, Conflict, Forbidden
from rejoinder.domain.events import ReportFiled
from rejoinder.domain.principal import Principal
from rejoinder.moderation import load_default_model
from rejoinder.services import access, events, guest_standing, user_states
from rejoinder.services import moderation as moderation_service
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import Comment, ModerationDecision, Report, Site, Story
from rejoinder.storage.repositories import moderation_queue as queue_repo
from rejoinder.storage.repositories import sites as site_repo
from rejoinder.storage.repositories.moderation_queue import Position, QueueFilter

REPORTS_SHOWN = 20  # per item: the newest, with what each reporter wrote
_RULE_CODE = re.compile(r"^[a-z_]{1,40}$")
_AUTHOR_KEY = re.compile(r"^[0-9a-f]{16,64}$")
MAX_FILTER_CHARS = 200


@dataclass(frozen=True)
class QueueQuery:
    kind: QueueKind = "pending"
    sort: QueueSort = "risk"
    story: str = ""
    author: str = ""  # "account:<id>", "guest:<key>" or a display name
    reason: str = ""  # a report reason, or a pipeline reason's code
    limit: int = 50
    cursor: str | None = None


@dataclass(frozen=True)
class Score:
    category: str
    score: float
    threshold: float

    @property
    def over(self) -> bool:
        return self.score >= self.threshold


@dataclass(frozen=True)
class QueueEntry:
    comment: Comment
    story: Story
    reports: dict[str, int]
    report_details: list[Report]
    parent: Comment | None
    decisions: list[ModerationDecision]
    risk: risk.Risk
    scores: list[Score]
    flagged_words: list[str]

    @property
    def reasons(self) -> list[dict[str, object]]:
        kept = self.comment.moderation.get("reasons") if self.comment.moderation else None
        return [r for r in kept if isinstance(r, dict)] if isinstance(kept, list) else []


@dataclass(frozen=True)
class QueueView:
    site: Site
    query: QueueQuery
    items: list[QueueEntry]
    next_cursor: str | None
    counts: dict[str, int] = field(default_factory=dict)


def _filter(query: QueueQuery) -> QueueFilter:
    story = query.story.strip()[:MAX_FILTER_CHARS] or None
    author = query.author.strip()[:MAX_FILTER_CHARS]
    account_id = key = name = None
    if author.startswith("account:"):
        digits = author.removeprefix("account:")
        if not digits.isdigit() or len(digits) > 18:
            raise BadRequest("An author filter 'account:' takes an account number.")
        account_id = int(digits)
    elif author.startswith("guest:"):
        key = author.removeprefix("guest:")
        if not _AUTHOR_KEY.match(key):
            raise BadRequest("An author filter 'guest:' takes the key shown on a guest's panel.")
    elif author:
        name = author
    reason = query.reason.strip()
    report_reason = rule_code = None
    if reason in {r.value for r in ReportReason}:
        report_reason = reason
    elif reason:
        if not _RULE_CODE.match(reason):
            raise BadRequest("A reason filter is a report reason or a rule's code, e.g. hate.")
        rule_code = reason
    return QueueFilter(story, account_id, key, name, report_reason, rule_code)


def _position(cursor: str | None, sort: QueueSort) -> Position | None:
    """Cursors are `<id>` (by time) or `<risk>_<id>` (by risk)."""
    if cursor is None:
        return None
    invalid = BadRequest("This cursor is not valid here; start again from the first page.")
    value, _, id_part = cursor.rpartition("_") if sort == "risk" else ("", "", cursor)
    if not id_part.isdigit() or len(id_part) > 18:
        raise invalid
    if sort != "risk":
        return Position(int(id_part))
    try:
        level = float(value)
    except ValueError:
        raise invalid from None
    if not math.isfinite(level):
        raise invalid
    return Position(int(id_part), risk=level)


def _cursor(comment: Comment, sort: QueueSort) -> str:
    return f"{comment.risk!r}_{comment.id}" if sort == "risk" else str(comment.id)


def _scores(comment: Comment, thresholds: Mapping[str, float]) -> list[Score]:
    kept = comment.moderation.get("scores") if comment.moderation else None
    if not isinstance(kept, dict):
        return []
    shown = [
        Score(category, float(score), thresholds.get(category, 1.0))
        for category, score in kept.items()
        if isinstance(score, int | float)
    ]
    return sorted(shown, key=lambda s: s.score, reverse=True)


def flagged_words(comment: Comment) -> list[str]:
    """The words a rule or the model named as why it held or flagged the comment."""
    words: set[str] = set()
    reasons = comment.moderation.get("reasons") if comment.moderation else None
    for reason in reasons if isinstance(reasons, list) else []:
        details = reason.get("details") if isinstance(reason, dict) else None
        found = details.get("words") if isinstance(details, dict) else None
        if isinstance(found, list):
            words.update(str(word) for word in found if str(word).strip())
    return sorted(words, key=len, reverse=True)


def live_risk(comment: Comment, reports: Mapping[str, int]) -> risk.Risk:
    return risk.with_reports(risk.from_summary(comment.moderation or {}), reports)


async def counts(session: AsyncSession, site: Site) -> dict[str, int]:
    return {kind: await queue_repo.count(session, site.id, kind) for kind in QUEUE_KINDS}


async def counts_for(session: AsyncSession, site_slug: str, principal: Principal) -> dict[str, int]:
    site = await access.access_site_as_moderator(session, site_slug, principal)
    return await counts(session, site)


async def site_to_watch(
    session: AsyncSession, site_slug: str, principal: Principal
) -> tuple[int, dict[str, int]]:
    """A moderator's site (its id) and its counts now, for the dashboard's live counts."""
    site = await access.access_site_as_moderator(session, site_slug, principal)
    return site.id, await counts(session, site)


async def counts_of_site(
    sessions: async_sessionmaker[AsyncSession], site_id: int
) -> dict[str, int] | None:
    """Every queue's count, in a session of its own (a live refresh has no request)."""
    async with sessions() as session:
        site = await site_repo.get(session, site_id)
        return None if site is None else await counts(session, site)


async def queue(
    session: AsyncSession, rt: Runtime, site_slug: str, principal: Principal, query: QueueQuery
) -> QueueView:
    """One page of a site's queue with everything each item shows, and every queue's count."""
    site = await access.access_site_as_moderator(session, site_slug, principal)
    where, after = _filter(query), _position(query.cursor, query.sort)
    rows = await queue_repo.ordered_page(
        session, site.id, query.kind, where, query.sort, query.limit, after
    )
    shown = rows[: query.limit]
    ids = [comment.id for comment, _ in shown]
    reports = await queue_repo.report_counts(session, site.id, ids)
    details = await queue_repo.report_details(session, site.id, ids, REPORTS_SHOWN)
    decisions = await queue_repo.decisions_for(session, ids)
    parent_ids = sorted({c.parent_id for c, _ in shown if c.parent_id is not None})
    parents = await queue_repo.comments_by_id(session, site.id, parent_ids)
    thresholds = hold_thresholds(rt, site)
    items = [
        QueueEntry(
            comment=comment,
            story=story,
            reports=reports.get(comment.id, {}),
            report_details=details.get(comment.id, []),
            parent=parents.get(comment.parent_id) if comment.parent_id else None,
            decisions=decisions.get(comment.id, []),
            risk=live_risk(comment, reports.get(comment.id, {})),
            scores=_scores(comment, thresholds),
            flagged_words=flagged_words(comment),
        )
        for comment, story in shown
    ]
    more = len(rows) > query.limit
    next_cursor = _cursor(shown[-1][0], query.sort) if more else None
    return QueueView(site, query, items, next_cursor, await counts(session, site))


def hold_thresholds(rt: Runtime, site: Site) -> dict[str, float]:
    """The score from which the site's pipeline holds a comment, per category."""
    settings = moderation_service.settings_for(site)
    model = load_default_model(rt.settings.moderation_mode)
    found: dict[str, float] = {}
    for category, default in model.thresholds.items():
        hold = settings.thresholds_for(category).hold
        found[category] = hold if hold is not None else default
    return found


@dataclass(frozen=True)
class Thread:
    comment: Comment
    parent: Comment | None
    before: list[Comment]
    replies: list[Comment]


async def thread_of(
    session: AsyncSession, site_slug: str, comment_id: int, principal: Principal
) -> Thread:
    """The comment in its place: its parent, the comments just before it, its first replies."""
    checked = await access.access_comment_as_moderator(session, site_slug, comment_id, principal)
    comment = checked.comment
    parent = None
    if comment.parent_id is not None:
        found = await queue_repo.comments_by_id(session, checked.site.id, [comment.parent_id])
        parent = found.get(comment.parent_id)
    before, replies = await queue_repo.thread_around(session, comment, siblings=3, replies=5)
    return Thread(comment, parent, before, replies)


@events.on(ReportFiled, "queue_risk")
async def _raise_risk(session: AsyncSession, rt: Runtime, event: ReportFiled) -> None:
    """A report moves its comment up the queues: recount, so a retried job changes nothing."""
    comments = await queue_repo.comments_by_id(session, event.site_id, [event.comment_id])
    comment = comments.get(event.comment_id)
    if comment is None:
        return
    reports = await queue_repo.report_counts(session, event.site_id, [comment.id])
    level = live_risk(comment, reports.get(comment.id, {}))
    if comment.risk != level.value:
        comment.risk = level.value


@dataclass(frozen=True)
class AuthorOfComment:
    """Who wrote a comment, for the author panel: an account's panel or a guest's standing."""

    comment: Comment
    account: user_states.AuthorPanel | None = None
    guest: guest_standing.GuestStanding | None = None
    refusal: str = ""  # why neither can be shown (an imported author, another member of staff)


async def author_of(
    session: AsyncSession, rt: Runtime, site_slug: str, comment_id: int, principal: Principal
) -> AuthorOfComment:
    checked = await access.access_comment_as_moderator(session, site_slug, comment_id, principal)
    comment = checked.comment
    try:
        if comment.author_account_id is not None:
            panel = await user_states.author_panel(
                session, site_slug, comment.author_account_id, principal
            )
            return AuthorOfComment(comment, account=panel)
        found = await guest_standing.get(session, rt, site_slug, comment_id, principal)
        return AuthorOfComment(comment, guest=found)
    except (Conflict, Forbidden) as refused:
        return AuthorOfComment(comment, refusal=refused.message)
