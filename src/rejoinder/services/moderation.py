"""Runs a comment through the site's moderation pipeline and records the decision."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.enums import CommentStatus, DecisionAction
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import Comment, ModerationDecision, Site, Story
from rejoinder.storage.repositories import decisions as decision_repo


@dataclass(frozen=True)
class Review:
    action: DecisionAction
    reasons: list[dict[str, Any]] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)

    @property
    def status(self) -> CommentStatus:
        if self.action is DecisionAction.PUBLISH:
            return CommentStatus.PUBLISHED
        if self.action is DecisionAction.REJECT:
            return CommentStatus.REJECTED
        return CommentStatus.PENDING


@dataclass(frozen=True)
class Submission:
    text: str
    author_key: str
    is_edit: bool = False
    is_import: bool = False
    resubmitted_after_nudge: bool = False


async def review(
    session: AsyncSession, rt: Runtime, site: Site, story: Story, submission: Submission
) -> Review:
    mode = site.settings.get("moderation", {}).get("mode", "post")
    if mode == "pre":
        reason = {
            "phase": "premoderation",
            "code": "premoderated",
            "message": "This site reviews every comment before publishing it.",
        }
        return Review(DecisionAction.HOLD, [reason])
    return Review(DecisionAction.PUBLISH)


async def record(
    session: AsyncSession, comment: Comment, result: Review, actor: str = "system"
) -> None:
    """Keep the decision with the comment and in the audit trail."""
    comment.moderation = {
        "action": result.action.value,
        "reasons": result.reasons,
        "scores": result.scores,
    }
    await decision_repo.add(
        session,
        ModerationDecision(
            site_id=comment.site_id,
            comment_id=comment.id,
            actor=actor,
            action=result.action.value,
            reasons=result.reasons,
            scores=result.scores,
        ),
    )
