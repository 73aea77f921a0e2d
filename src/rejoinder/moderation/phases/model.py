"""Model scores against the site's per-category thresholds, with the author nudge.

A score a guard lowered (the identity-attack guard for criticism of states, targets.py) is
judged as lowered; each reason of the comment carries the discount in its details, and a held
comment's message tells the moderator what was discounted and why.
"""

from __future__ import annotations

from rejoinder.domain.moderation import (
    NO_OBJECTION,
    SEVERITY,
    Action,
    CommentFacts,
    PhaseResult,
    Reason,
    ScoreSource,
)
from rejoinder.moderation.phases.base import PurePhase
from rejoinder.moderation.registry import register_phase
from rejoinder.moderation.targets import Discount

LABELS = {
    "toxicity": "rude or disrespectful",
    "insult": "insulting towards a person",
    "identity_attack": "attacking a group for who they are",
    "profanity": "profane",
}


@register_phase("model")
class ModelPhase(PurePhase):
    name = "model"

    def check(self, facts: CommentFacts, model: ScoreSource) -> PhaseResult:
        action: Action | None = None
        reasons: list[Reason] = []
        discounts = _discounts(model)
        for category, score in model.scores.items():
            verdict = self._action_for(category, score, facts, model)
            if verdict is None:
                continue
            reasons.append(self._reason(category, score, verdict, model, discounts))
            if action is None or SEVERITY[verdict] > SEVERITY[action]:
                action = verdict
        return PhaseResult(action, tuple(reasons)) if action else NO_OBJECTION

    def _action_for(
        self, category: str, score: float, facts: CommentFacts, model: ScoreSource
    ) -> Action | None:
        limits = self.settings.thresholds_for(category)
        hold = limits.hold if limits.hold is not None else model.default_thresholds[category]
        if limits.reject is not None and score >= limits.reject:
            return "reject"
        nudging = self.settings.nudge_enabled and not facts.is_import
        nudge = limits.nudge if limits.nudge is not None else hold
        if nudging and score >= nudge:
            return "hold" if facts.resubmitted_after_nudge else "nudge"
        return "hold" if score >= hold else None

    def _reason(
        self,
        category: str,
        score: float,
        action: Action,
        model: ScoreSource,
        discounts: tuple[Discount, ...] = (),
    ) -> Reason:
        words = model.explain(category)
        shown = f" ({', '.join(repr(w) for w in words)})" if words else ""
        details: dict[str, object] = {"score": round(score, 4), "words": words}
        if action == "nudge":
            # One sentence per category; the service adds the question once (services/comments).
            message = f"Your comment may read as {LABELS[category]}{shown}."
        else:
            message = f"The model rates this comment {LABELS[category]}: {score:.2f}{shown}."
            message += "".join(f" Not an identity attack: {d.reason}." for d in discounts)
        if discounts:
            details["discounted"] = [d.as_dict() for d in discounts]
        return Reason(self.name, category, message, details)


def _discounts(model: ScoreSource) -> tuple[Discount, ...]:
    """The pipeline's ModelScores carries them; other score sources (plugins, tests) do not."""
    found = getattr(model, "discounts", ())
    return tuple(d for d in found if isinstance(d, Discount))
