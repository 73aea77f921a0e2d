"""A base for phases that do no I/O: implement check(); run() just calls it."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping

from rejoinder.domain.moderation import Action, CommentFacts, PhaseResult, Reason, ScoreSource
from rejoinder.moderation.settings import ModerationSettings


class PurePhase(ABC):
    name: str = ""

    def __init__(self, settings: ModerationSettings) -> None:
        self.settings = settings

    @abstractmethod
    def check(self, facts: CommentFacts, model: ScoreSource) -> PhaseResult: ...

    async def run(self, facts: CommentFacts, model: ScoreSource) -> PhaseResult:
        return self.check(facts, model)

    def result(
        self, action: Action, code: str, message: str, details: Mapping[str, object] | None = None
    ) -> PhaseResult:
        return PhaseResult(action, (Reason(self.name, code, message, details or {}),))
