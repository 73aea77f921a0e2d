"""Length, closed stories and the site's pre-moderation mode."""

from __future__ import annotations

from rejoinder.domain.moderation import NO_OBJECTION, CommentFacts, PhaseResult, ScoreSource
from rejoinder.moderation.phases.base import PurePhase
from rejoinder.moderation.registry import register_phase


@register_phase("length")
class LengthPhase(PurePhase):
    name = "length"

    def check(self, facts: CommentFacts, model: ScoreSource) -> PhaseResult:
        length = len(facts.text.strip())
        if length < self.settings.min_length:
            return self.result(
                "reject",
                "too_short",
                f"The comment is shorter than {self.settings.min_length} characters.",
                {"length": length},
            )
        if length > self.settings.max_length:
            return self.result(
                "reject",
                "too_long",
                f"The comment is longer than {self.settings.max_length} characters.",
                {"length": length},
            )
        return NO_OBJECTION


@register_phase("story_closed")
class StoryClosedPhase(PurePhase):
    name = "story_closed"

    def check(self, facts: CommentFacts, model: ScoreSource) -> PhaseResult:
        if facts.story_closed and not facts.is_import:
            return self.result("reject", "story_closed", "The story is closed for comments.")
        return NO_OBJECTION


@register_phase("premoderation")
class PremoderationPhase(PurePhase):
    name = "premoderation"

    def check(self, facts: CommentFacts, model: ScoreSource) -> PhaseResult:
        if self.settings.mode == "pre":
            return self.result("hold", "premoderation", "This site reviews every comment first.")
        return NO_OBJECTION
