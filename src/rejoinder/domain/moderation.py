"""Moderation types shared by the pipeline, the services and plugins. Pure data, no I/O."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

Action = Literal["publish", "hold", "reject", "nudge"]

# Higher wins when phases disagree: any reject rejects, any hold holds, and so on.
SEVERITY: Mapping[Action, int] = {"publish": 0, "nudge": 1, "hold": 2, "reject": 3}


@dataclass(frozen=True)
class RecentPost:
    """A recent comment on the same site, supplied by the caller for duplicate/flood checks."""

    text: str
    author_key: str
    created_at: float


@dataclass(frozen=True)
class StoryPost:
    """A recent comment on the same story, supplied by the caller for the surge check."""

    author_key: str
    network_key: str  # HMAC of the writer's network identity; "" when unknown or erased
    account_age_seconds: float | None  # None for guests
    created_at: float


@dataclass(frozen=True)
class CommentFacts:
    """Everything the pipeline may look at; the caller gathers it, the pipeline does no I/O."""

    text: str
    author_key: str
    author_account_age_seconds: float | None = None  # None for guests
    author_recent_total: int = 0
    author_recent_rejected: int = 0
    author_always_premoderate: bool = False
    story_closed: bool = False
    is_edit: bool = False
    is_import: bool = False  # imports are never nudged
    resubmitted_after_nudge: bool = False
    now: float = 0.0
    recent_posts: Sequence[RecentPost] = ()
    # For the surge check: who writes from where, and the story's recent comments.
    author_is_guest: bool = False
    network_key: str = ""
    story_posts: Sequence[StoryPost] = ()


@dataclass(frozen=True)
class Reason:
    phase: str
    code: str
    message: str  # readable by a moderator (and by the author for nudges)
    details: Mapping[str, object] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        return {
            "phase": self.phase,
            "code": self.code,
            "message": self.message,
            "details": dict(self.details),
        }


@dataclass(frozen=True)
class PhaseResult:
    """A phase's opinion; action None means "no objection"."""

    action: Action | None = None
    reasons: tuple[Reason, ...] = ()


NO_OBJECTION = PhaseResult()


@dataclass(frozen=True)
class Verdict:
    action: Action
    reasons: tuple[Reason, ...]
    scores: Mapping[str, float]

    def to_json(self) -> dict[str, object]:
        return {
            "action": self.action,
            "reasons": [reason.to_json() for reason in self.reasons],
            "scores": dict(self.scores),
        }


class ScoreSource(Protocol):
    """Model scores for the comment being checked, computed once per evaluation."""

    @property
    def scores(self) -> Mapping[str, float]: ...

    @property
    def default_thresholds(self) -> Mapping[str, float]: ...

    def explain(self, category: str) -> list[str]: ...


class Phase(Protocol):
    """One step of the pipeline. Built-ins and plugins implement this and register a factory."""

    name: str

    async def run(self, facts: CommentFacts, model: ScoreSource) -> PhaseResult: ...
