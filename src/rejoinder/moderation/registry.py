"""Phase registry: built-in phases register exactly the way a plugin does.

A plugin package exposes factories under the entry-point group "rejoinder.moderation_phases"
(name = phase name, value = a callable taking ModerationSettings and returning a Phase), or
calls register_phase() at import time of its own module.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib.metadata import entry_points
from typing import TYPE_CHECKING

from rejoinder.domain.moderation import NO_OBJECTION, CommentFacts, Phase, PhaseResult, ScoreSource

if TYPE_CHECKING:
    from rejoinder.moderation.settings import ModerationSettings

PhaseFactory = Callable[["ModerationSettings"], Phase]
ENTRY_POINT_GROUP = "rejoinder.moderation_phases"

_FACTORIES: dict[str, PhaseFactory] = {}


def register_phase(name: str) -> Callable[[PhaseFactory], PhaseFactory]:
    """Decorator: @register_phase("links") on a factory(settings) -> Phase."""

    def decorate(factory: PhaseFactory) -> PhaseFactory:
        if name in _FACTORIES and _FACTORIES[name] is not factory:
            raise ValueError(f"moderation phase {name!r} is already registered")
        _FACTORIES[name] = factory
        return factory

    return decorate


def registered_phases() -> dict[str, PhaseFactory]:
    _load_builtins()
    _load_entry_points()
    return dict(_FACTORIES)


@cache
def _load_builtins() -> None:
    # Importing the package runs each module's @register_phase.
    import rejoinder.moderation.phases  # noqa: F401


@cache
def _load_entry_points() -> None:
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        register_phase(entry.name)(entry.load())


class NoopPhase:
    """The do-nothing default: a template for plugins, and a way to switch a phase off."""

    name = "noop"

    async def run(self, facts: CommentFacts, model: ScoreSource) -> PhaseResult:
        return NO_OBJECTION


@register_phase("noop")
def noop_phase(settings: ModerationSettings) -> Phase:
    return NoopPhase()
