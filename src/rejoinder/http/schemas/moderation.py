"""Shapes of the moderators' API."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator

from rejoinder.domain import dsa
from rejoinder.domain.limits import MAX_ID
from rejoinder.http.schemas import Strict
from rejoinder.services.moderation_actions import MAX_REASON_CHARS
from rejoinder.services.queues import QueueEntry, QueueView


class StoryRefOut(BaseModel):
    key: str
    title: str
    url: str


class StaffAuthorOut(BaseModel):
    name: str | None
    account_id: int | None = Field(description="None for guests.")
    email: str | None = Field(
        description="The address a guest gave, if any (for staff only, never shown to readers)."
    )


class StaffModerationOut(BaseModel):
    action: str | None = Field(description="The pipeline's (or a moderator's) last decision.")
    reasons: list[dict[str, Any]] = Field(
        description="Why: each `{phase, code, message}`, with `details` from the pipeline."
    )
    scores: dict[str, float] = Field(description="The models' scores by category, 0 to 1.")


class ReportDetailOut(BaseModel):
    reason: str
    detail: str
    legal_ground: str = Field(
        default="", description="A DSA notice's (reason `illegal`): the law the reporter names."
    )
    created_at: datetime


class RiskOut(BaseModel):
    value: float = Field(description="The queue's priority: higher is looked at first.")
    factors: list[str] = Field(description="Why, in words (e.g. `score 0.81 toxicity`).")


class QueueItemOut(BaseModel):
    id: int
    story: StoryRefOut
    parent_id: int | None
    depth: int
    status: str
    author: StaffAuthorOut
    body_html: str = Field(description="The same sanitised HTML readers get.")
    created_at: datetime
    edited_at: datetime | None
    moderation: StaffModerationOut
    reports: dict[str, int] = Field(description="Reports received, by reason.")
    report_details: list[ReportDetailOut] = Field(
        description="The newest reports (at most 20), with what each reporter wrote."
    )
    risk: RiskOut


class QueuePageOut(BaseModel):
    items: list[QueueItemOut]
    next_cursor: str | None


def queue_page_out(page: QueueView) -> QueuePageOut:
    return QueuePageOut(
        items=[_queue_item_out(item) for item in page.items], next_cursor=page.next_cursor
    )


def _queue_item_out(item: QueueEntry) -> QueueItemOut:
    comment, story = item.comment, item.story
    moderation = comment.moderation or {}
    return QueueItemOut(
        id=comment.id,
        story=StoryRefOut(key=story.key, title=story.title, url=story.url),
        parent_id=comment.parent_id,
        depth=comment.depth,
        status=comment.status,
        author=StaffAuthorOut(
            name=comment.author_name or None,
            account_id=comment.author_account_id,
            email=comment.author_email,  # a guest's, for staff only (SECURITY 14)
        ),
        body_html=comment.body_html,
        created_at=comment.created_at,
        edited_at=comment.edited_at,
        moderation=StaffModerationOut(
            action=moderation.get("action"),
            reasons=list(moderation.get("reasons") or []),
            scores=dict(moderation.get("scores") or {}),
        ),
        reports=item.reports,
        report_details=[
            ReportDetailOut(
                reason=r.reason,
                detail=r.detail,
                legal_ground=r.legal_ground,
                created_at=r.created_at,
            )
            for r in item.report_details
        ],
        risk=RiskOut(value=round(item.risk.value, 4), factors=list(item.risk.factors)),
    )


class GroundsIn(Strict):
    """Why a comment is rejected, for its statement of reasons (EU DSA Art. 17); the values are
    the DSA Transparency Database's own."""

    decision_ground: dsa.DecisionGround
    legal_ground: str | None = Field(
        default=None,
        max_length=dsa.MAX_CHARS["illegal_content_legal_ground"],
        description="With DECISION_GROUND_ILLEGAL_CONTENT (only): the law relied on.",
    )
    terms_ground: str | None = Field(
        default=None,
        max_length=dsa.MAX_CHARS["incompatible_content_ground"],
        description="With DECISION_GROUND_INCOMPATIBLE_CONTENT (only): the clause of the terms.",
    )
    explanation: str = Field(
        max_length=dsa.MAX_CHARS["illegal_content_explanation"],
        description="Why the comment is illegal, or incompatible, on that ground.",
    )
    category: dsa.Category
    reference_url: str | None = Field(
        default=None, max_length=500, description="A link to the law or the terms relied on."
    )
    also_illegal: bool | None = Field(
        default=None, description="Incompatible with the terms, and illegal as well."
    )

    def given(self) -> dsa.GroundsGiven:
        return dsa.GroundsGiven(
            self.decision_ground,
            self.explanation,
            self.category,
            legal_ground=self.legal_ground,
            terms_ground=self.terms_ground,
            reference_url=self.reference_url,
            also_illegal=self.also_illegal,
        )


class DecisionIn(Strict):
    action: Literal["approve", "reject"]
    reason: str = Field(default="", max_length=MAX_REASON_CHARS)
    grounds: GroundsIn | None = Field(
        default=None,
        description=(
            "A rejection's grounds for its statement of reasons; without them the site's "
            "comment rules are the ground. Not taken with approve."
        ),
    )


class DecisionOut(BaseModel):
    id: int
    status: str
    action: str


class FeaturedIn(Strict):
    featured: bool = Field(
        strict=True,
        description="`true` features the comment (it must be published), `false` stops.",
    )


class FeaturedOut(BaseModel):
    id: int
    featured: bool


def _in_utc(value: datetime) -> datetime:
    """A time without a zone is taken as UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


class UserStateIn(Strict):
    """Only the fields sent change; `suspended_until: null` lifts a suspension."""

    banned: bool | None = None
    suspended_until: datetime | None = None
    premoderated: bool | None = None
    note: str | None = Field(default=None, max_length=500)

    @field_validator("suspended_until")
    @classmethod
    def _as_utc(cls, value: datetime | None) -> datetime | None:
        return _in_utc(value) if value is not None else None


class NoteAuthorOut(BaseModel):
    account_id: int | None = Field(description="None: not known (an older note) or gone.")
    name: str | None


class NoteOut(BaseModel):
    id: int
    author: NoteAuthorOut
    text: str
    created_at: datetime


class UserStateOut(BaseModel):
    account_id: int
    site: str | None = Field(description="None: the install-wide state (every site).")
    banned: bool
    suspended_until: datetime | None
    premoderated: bool
    note: str = Field(description="The latest note's text (kept for older clients); see notes.")
    notes: list[NoteOut] = Field(description="Moderators' notes, oldest first (the latest 200).")
    updated_at: datetime | None = Field(description="None: nobody has decided anything yet.")


class GuestBanIn(Strict):
    until: datetime = Field(description="When the ban ends; at most 365 days ahead.")
    reason: str = Field(default="", max_length=MAX_REASON_CHARS)

    @field_validator("until")
    @classmethod
    def _as_utc(cls, value: datetime) -> datetime:
        return _in_utc(value)


class GuestBanOut(BaseModel):
    site: str
    comment_id: int | None = Field(description="The comment the ban was made from.")
    expires_at: datetime
    reason: str
    created_at: datetime


class ModeratorIn(Strict):
    account_id: int = Field(ge=1, le=MAX_ID)


class ModeratorOut(BaseModel):
    account_id: int
    display_name: str


class GuestStandingIn(Strict):
    """Only the fields sent change; a `note` is added to the guest's notes on the site."""

    premoderated: bool | None = Field(
        default=None, description="Hold everything this guest posts or edits here for review."
    )
    reason: str = Field(
        default="", max_length=MAX_REASON_CHARS, description="Why (kept with the audit entry)."
    )
    note: str | None = Field(default=None, max_length=500)


class CommentCountsOut(BaseModel):
    published: int
    pending: int
    rejected: int


class GuestStandingOut(BaseModel):
    site: str
    comment_id: int = Field(description="The comment the standing was read from.")
    guest: str = Field(
        description="How the audit log names this guest (target `guest`, this id): a prefix of "
        "the keyed hash of their network identity, never the address."
    )
    premoderated: bool
    premoderated_since: datetime | None
    premoderation_reason: str
    ban: GuestBanOut | None = Field(description="The ban in force on this guest, if any.")
    notes: list[NoteOut] = Field(description="Moderators' notes, oldest first (the latest 200).")
    comments: CommentCountsOut = Field(description="The guest's comments on this site by status.")
