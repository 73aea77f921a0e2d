from rejoinder.domain.moderation import CommentFacts, Phase, PhaseResult, Reason, ScoreSource
from rejoinder.moderation import ModerationSettings, build_pipeline, register_phase
from tests.unit.moderation.conftest import facts


class ShoutingPhase:
    """A plugin phase, registered exactly as the built-ins are."""

    name = "test_shouting"

    async def run(self, facts: CommentFacts, model: ScoreSource) -> PhaseResult:
        if facts.text.isupper():
            return PhaseResult("hold", (Reason(self.name, "shouting", "All capitals."),))
        return PhaseResult()


@register_phase("test_shouting")
def shouting(settings: ModerationSettings) -> Phase:
    return ShoutingPhase()


async def test_plugin_phase_runs_in_order() -> None:
    settings = ModerationSettings.from_mapping({"phases": ["length", "test_shouting"]})
    pipeline = build_pipeline(settings)
    result = await pipeline.evaluate(facts(text="STOP THE PRESSES"))
    assert (result.action, result.reasons[0].code) == ("hold", "shouting")
