"""Author history: always-pre-moderate, new accounts, recent rejection rate."""

from __future__ import annotations

from rejoinder.domain.moderation import NO_OBJECTION, CommentFacts, PhaseResult, ScoreSource
from rejoinder.moderation.phases.base import PurePhase
from rejoinder.moderation.registry import register_phase


@register_phase("history")
class HistoryPhase(PurePhase):
    name = "history"

    def check(self, facts: CommentFacts, model: ScoreSource) -> PhaseResult:
        if facts.author_always_premoderate:
            return self.result(
                "hold", "author_premoderated", "A moderator set this author to always be reviewed."
            )
        age = facts.author_account_age_seconds
        if age is not None and age < self.settings.new_account_seconds:
            return self.result(
                "hold", "new_account", "The account is new.", {"account_age_seconds": round(age)}
            )
        total, rejected = facts.author_recent_total, facts.author_recent_rejected
        if total >= self.settings.min_history_for_rate and rejected / total >= (
            self.settings.max_rejection_rate
        ):
            return self.result(
                "hold",
                "high_rejection_rate",
                f"{rejected} of the author's last {total} comments were rejected.",
                {"rejected": rejected, "total": total},
            )
        return NO_OBJECTION
