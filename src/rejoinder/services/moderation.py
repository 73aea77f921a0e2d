"""Runs a comment through its site's moderation pipeline and records the decision."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain import risk
from rejoinder.domain.enums import CommentStatus, DecisionAction
from rejoinder.domain.errors import Invalid
from rejoinder.domain.moderation import CommentFacts, RecentPost, StoryPost, Verdict
from rejoinder.domain.risk import Risk
from rejoinder.moderation import ModerationSettings, build_pipeline, load_default_model
from rejoinder.platform import metrics
from rejoinder.services import site_learning
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import Comment, ModerationDecision, Site, Story
from rejoinder.storage.repositories import comments as comment_repo
from rejoinder.storage.repositories import decisions as decision_repo

NEW_ACCOUNT_SECONDS = 7 * 86400  # "new account" on a queue item, whatever holds it
# Phases that judge the words rather than apply a site's rule (see `_as_review`).
JUDGEMENT_PHASES = frozenset({"model", "slurs"})
RECENT_POSTS = 200  # site-wide comments the duplicate and flood phases look at
STORY_POSTS = 500  # the story's comments the surge phase counts (within its window)
HISTORY_DAYS = 30


@dataclass(frozen=True)
class Review:
    action: DecisionAction
    reasons: list[dict[str, Any]] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)
    # The pipeline's part of the queue priority; None for a moderator's decision (which keeps
    # the comment's earlier one).
    risk: Risk | None = None
    # Which version of the site's learnt head moved the scores, and by how much (None: none).
    site_model: dict[str, Any] | None = None

    @property
    def status(self) -> CommentStatus:
        if self.action in (DecisionAction.PUBLISH, DecisionAction.FLAG):
            return CommentStatus.PUBLISHED
        if self.action is DecisionAction.REJECT:
            return CommentStatus.REJECTED
        return CommentStatus.PENDING

    def summary(self) -> dict[str, Any]:
        """What is kept on the comment itself (the audit trail keeps every decision)."""
        kept: dict[str, Any] = {
            "action": self.action.value,
            "reasons": self.reasons,
            "scores": self.scores,
        }
        if self.risk is not None:
            kept["risk"] = self.risk.to_json()
        if self.site_model is not None:
            kept["site_model"] = self.site_model
        return kept

    @property
    def risk_value(self) -> float:
        return self.risk.value if self.risk is not None else 0.0


@dataclass(frozen=True)
class Submission:
    text: str
    author_key: str
    is_edit: bool = False
    comment_id: int | None = None  # an edit's own comment, not a post to compare it with
    is_import: bool = False
    resubmitted_after_nudge: bool = False
    account_age_seconds: float | None = None  # None for guests
    always_premoderate: bool = False
    is_guest: bool = False
    network_key: str = ""  # Requester.reader_key, for the surge phase
    # An expert of a Q&A story writing in it (services/qa.py): no pre-moderation hold.
    by_expert: bool = False


def settings_for(site: Site) -> ModerationSettings:
    try:
        return ModerationSettings.from_mapping(site.settings.get("moderation") or {})
    except ValueError as error:
        raise Invalid(f"Site '{site.slug}' has invalid moderation settings: {error}") from error


async def _facts(
    session: AsyncSession,
    rt: Runtime,
    site: Site,
    story: Story,
    submission: Submission,
    settings: ModerationSettings,
) -> CommentFacts:
    """Gather what the site's phases need, and only that: each query costs every post."""
    now = rt.now()
    recent: list[RecentPost] = []
    total = rejected = 0
    live = not submission.is_import  # an import is history, not a burst
    if live and {"duplicates", "flood"} & set(settings.phases):
        window = max(settings.duplicate_window_seconds, settings.flood_window_seconds)
        since = now - timedelta(seconds=window)
        rows = await comment_repo.recent_on_site(
            session, site.id, since, RECENT_POSTS, exclude_id=submission.comment_id
        )
        recent = [RecentPost(text, key or "", at.timestamp()) for text, key, at in rows]
    surging = live and not submission.is_edit and "surge" in settings.phases
    on_story = await story_posts(session, story, settings, now) if surging else []
    if live and "history" in settings.phases:
        total, rejected = await comment_repo.author_history(
            session, site.id, submission.author_key, now - timedelta(days=HISTORY_DAYS)
        )
    return CommentFacts(
        text=submission.text,
        author_key=submission.author_key,
        author_recent_total=total,
        author_recent_rejected=rejected,
        author_account_age_seconds=submission.account_age_seconds,
        author_always_premoderate=submission.always_premoderate,
        story_closed=story.closed_at is not None and story.closed_at <= now,
        is_edit=submission.is_edit,
        is_import=submission.is_import,
        resubmitted_after_nudge=submission.resubmitted_after_nudge,
        now=now.timestamp(),
        recent_posts=recent,
        author_is_guest=submission.is_guest,
        network_key=submission.network_key,
        story_posts=on_story,
    )


async def story_posts(
    session: AsyncSession, story: Story, settings: ModerationSettings, now: datetime
) -> list[StoryPost]:
    """The story's comments within the surge window (and since its alert was last cleared)."""
    since = now - timedelta(seconds=settings.surge_window_seconds)
    rows = await comment_repo.recent_on_story(session, story.id, since, STORY_POSTS)
    return [
        StoryPost(
            key or "",
            network or "",
            None if made is None else (now - made).total_seconds(),
            at.timestamp(),
        )
        for key, network, made, at in rows
    ]


def _risk(verdict: Verdict, facts: CommentFacts, story: Story) -> Risk:
    age = facts.author_account_age_seconds
    judged = risk.Judged(
        scores=dict(verdict.scores),
        rule_codes=[reason.code for reason in verdict.reasons if reason.phase != "model"],
        author_recent_rejected=facts.author_recent_rejected,
        new_account=age is not None and age < NEW_ACCOUNT_SECONDS,
        story_comments=story.comment_count,
    )
    return risk.when_judged(judged)


def _as_review(verdict: Verdict, submission: Submission, judged: Risk) -> Review:
    action = DecisionAction(verdict.action)
    if action is DecisionAction.NUDGE and submission.is_edit:
        action = DecisionAction.HOLD  # an edit has no second try: a moderator decides
    only_judgement = all(reason.phase in JUDGEMENT_PHASES for reason in verdict.reasons)
    if action is DecisionAction.HOLD and submission.is_import and only_judgement:
        # An imported comment was already public at its source: a score or a slur alone flags
        # it for review rather than hiding it (ADR 0004); the site's rules still hold or reject.
        action = DecisionAction.FLAG
    if action is DecisionAction.HOLD and submission.by_expert:
        # Q&A mode (issue 16): the experts a moderator named for the story answer readers'
        # questions, and an answer that waits hours in a queue answers nobody. A moderator
        # already vouched for them, so what would hold their comment publishes it; it is still
        # scored, its reasons kept with the decision, and a rejection (spam, a banned word, a
        # closed story) or a nudge still stands.
        action = DecisionAction.PUBLISH
    reasons = [reason.to_json() for reason in verdict.reasons]
    return Review(action, reasons, dict(verdict.scores), judged)


async def review(
    session: AsyncSession, rt: Runtime, site: Site, story: Story, submission: Submission
) -> Review:
    """The pipeline's decision for a new comment, an edit or an imported comment."""
    settings = settings_for(site)
    facts = await _facts(session, rt, site, story, submission, settings)
    model = load_default_model(rt.settings.moderation_mode)
    adjustment = await site_learning.adjustment_for(session, rt, site, settings)
    pipeline = build_pipeline(settings, model, adjustment)
    with metrics.moderation_timer():
        verdict = await pipeline.evaluate(facts)
    result = _as_review(verdict, submission, _risk(verdict, facts, story))
    used = adjustment.record() if adjustment is not None else None
    return replace(result, site_model=used) if used is not None else result


async def record(
    session: AsyncSession, comment: Comment, result: Review, actor: str = "system"
) -> ModerationDecision:
    """Keep the decision with the comment and in the audit trail."""
    summary = result.summary()
    earlier = comment.moderation if isinstance(comment.moderation, dict) else {}
    if result.risk is None and "risk" in earlier:
        summary["risk"] = earlier["risk"]  # a person's decision keeps the priority
    if result.risk is None and "site_model" in earlier:
        summary["site_model"] = earlier["site_model"]  # ... and the record of what scored it
    if comment.moderation != summary:  # new comments carry it from their insert
        comment.moderation = summary
    if result.risk is not None and comment.risk != result.risk_value:
        comment.risk = result.risk_value
    decision = _decision(comment, result, actor)
    await decision_repo.add(session, decision)
    return decision


async def record_new(session: AsyncSession, judged: Sequence[tuple[Comment, Review]]) -> None:
    """The audit trail's entries for new comments (which carry their decisions from their
    inserts), one statement for all of them."""
    rows = [_decision_row(comment, result, "system") for comment, result in judged]
    await decision_repo.add_new(session, rows)


def _decision_row(comment: Comment, result: Review, actor: str) -> dict[str, Any]:
    """A decision's columns; its time is the column's default, as for `_decision`'s rows."""
    return {
        "site_id": comment.site_id,
        "comment_id": comment.id,
        "actor": actor,
        "action": result.action.value,
        "reasons": result.reasons,
        "scores": result.scores,
    }


def _decision(comment: Comment, result: Review, actor: str) -> ModerationDecision:
    return ModerationDecision(
        site_id=comment.site_id,
        comment_id=comment.id,
        actor=actor,
        action=result.action.value,
        reasons=result.reasons,
        scores=result.scores,
    )
