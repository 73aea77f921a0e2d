"""Comment moderation: an ordered pipeline of registered phases, and local models.

Everything here is pure apart from the optional external scorer phase.
"""

from rejoinder.domain.moderation import (
    Action,
    CommentFacts,
    Phase,
    PhaseResult,
    Reason,
    RecentPost,
    ScoreSource,
    Verdict,
)
from rejoinder.moderation.pipeline import Pipeline, build_pipeline
from rejoinder.moderation.registry import NoopPhase, register_phase, registered_phases
from rejoinder.moderation.scoring import CATEGORIES, ModerationModel, load_default_model
from rejoinder.moderation.settings import CategoryThresholds, ModerationSettings

__all__ = [
    "CATEGORIES",
    "Action",
    "CategoryThresholds",
    "CommentFacts",
    "ModerationModel",
    "ModerationSettings",
    "NoopPhase",
    "Phase",
    "PhaseResult",
    "Pipeline",
    "Reason",
    "RecentPost",
    "ScoreSource",
    "Verdict",
    "build_pipeline",
    "load_default_model",
    "register_phase",
    "registered_phases",
]
