"""Story surges (SECURITY 31): hold new authors' and over-active networks' comments on a story
that a burst is hitting; the service raises the story to the moderators (services/surges.py)."""

from __future__ import annotations

from rejoinder.domain.moderation import NO_OBJECTION, CommentFacts, PhaseResult, ScoreSource
from rejoinder.moderation import surges
from rejoinder.moderation.phases.base import PurePhase
from rejoinder.moderation.registry import register_phase

SURGE_CODE = "story_surge"


@register_phase("surge")
class SurgePhase(PurePhase):
    name = "surge"

    def check(self, facts: CommentFacts, model: ScoreSource) -> PhaseResult:
        if facts.is_edit or facts.is_import:
            return NO_OBJECTION  # an edit adds no comment; an import is history, not a burst
        surge = surges.assess(facts, self.settings)
        if surge is None or not surges.holds(surge, facts, self.settings):
            return NO_OBJECTION
        # Counts only: the network keys and ages go to the story's alert, not to every comment.
        details = {
            "window_seconds": int(surge.window_seconds),
            "new_authors": surge.new_authors,
            "networks": len(surge.networks),
        }
        return self.result("hold", SURGE_CODE, surge.message(), details)
