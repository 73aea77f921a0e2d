"""The pipeline: run the site's phases in order and combine their opinions into a verdict."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from rejoinder.domain.moderation import (
    SEVERITY,
    Action,
    CommentFacts,
    Phase,
    Reason,
    Verdict,
)
from rejoinder.moderation.registry import registered_phases
from rejoinder.moderation.scoring import ModerationModel, Scored, load_default_model
from rejoinder.moderation.settings import ModerationSettings
from rejoinder.moderation.targets import Discount


@dataclass
class ModelScores:
    """Scores for one comment, computed once; explanations only when a phase asks."""

    model: ModerationModel
    text: str
    scores: Mapping[str, float]
    explanations: dict[str, list[str]] = field(default_factory=dict)
    # Scores a guard lowered, and why (the identity-attack guard, targets.py): the model phase
    # puts them in the details of its reasons.
    discounts: tuple[Discount, ...] = ()

    @property
    def default_thresholds(self) -> Mapping[str, float]:
        return self.model.thresholds

    def explain(self, category: str) -> list[str]:
        if category not in self.explanations:
            self.explanations[category] = self.model.explain(self.text, category)
        return self.explanations[category]


class ScoreAdjuster(Protocol):
    """Moves the final scores before the phases read them (a site's learnt head)."""

    def adjust(self, text: str, scores: Mapping[str, float]) -> dict[str, float]: ...


class Pipeline:
    def __init__(
        self, phases: list[Phase], model: ModerationModel, adjuster: ScoreAdjuster | None = None
    ) -> None:
        self.phases = phases
        self.model = model
        self.adjuster = adjuster

    async def evaluate(self, facts: CommentFacts) -> Verdict:
        scores = await self._score(facts.text)
        action: Action = "publish"
        reasons: list[Reason] = []
        for phase in self.phases:
            result = await phase.run(facts, scores)
            reasons.extend(result.reasons)
            if result.action and SEVERITY[result.action] > SEVERITY[action]:
                action = result.action
            if action == "reject":
                break  # nothing later can change a rejection; skip the external call
        if facts.is_import and action == "nudge":
            action = "hold"  # imports have no author at the keyboard to nudge
        return Verdict(action, tuple(reasons), dict(scores.scores))

    async def _score(self, text: str) -> ModelScores:
        fast = self.model.fast_scores(text)
        if self.model.wants_accurate(fast):
            # The transformer takes milliseconds and releases the GIL: keep the event loop free.
            return await asyncio.to_thread(self._second_pass, text, fast)
        return self._model_scores(text, self.model.final_scored(text, fast))

    def _model_scores(self, text: str, scored: Scored) -> ModelScores:
        scores = scored.scores
        adjusted = self.adjuster.adjust(text, scores) if self.adjuster is not None else scores
        return ModelScores(self.model, text, adjusted, discounts=scored.discounts)

    def _second_pass(self, text: str, fast: Mapping[str, float]) -> ModelScores:
        scores = self._model_scores(text, self.model.second_scored(text, fast))
        flagged = self.model.flags(dict(scores.scores))
        if flagged:  # the transformer's explanations, in one batch, off the event loop too
            scores.explanations.update(self.model.explain_many(text, flagged))
        return scores


def build_pipeline(
    settings: ModerationSettings,
    model: ModerationModel | None = None,
    adjuster: ScoreAdjuster | None = None,
) -> Pipeline:
    """Cheap: the model is loaded once per process and shared."""
    factories = registered_phases()
    phases = [factories[name](settings) for name in settings.phases]
    return Pipeline(phases, model or load_default_model(), adjuster)
