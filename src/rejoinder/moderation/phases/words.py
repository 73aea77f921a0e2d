"""The site's banned words (reject) and suspect words (hold), and the shipped list of slurs for
a nationality or an ethnic group (hold)."""

from __future__ import annotations

import json
from functools import cache, lru_cache
from pathlib import Path

from rejoinder.domain.moderation import NO_OBJECTION, CommentFacts, PhaseResult, ScoreSource
from rejoinder.moderation.phases.base import PurePhase
from rejoinder.moderation.registry import register_phase
from rejoinder.moderation.settings import ModerationSettings
from rejoinder.moderation.wordlist import WordList


@lru_cache(maxsize=64)
def compiled(words: tuple[str, ...]) -> WordList:
    """Sites reuse their lists, so building a pipeline stays cheap after the first time."""
    return WordList.of(words)


@register_phase("words")
class WordsPhase(PurePhase):
    name = "words"

    def __init__(self, settings: ModerationSettings) -> None:
        super().__init__(settings)
        self.banned = compiled(settings.banned_words)
        self.suspect = compiled(settings.suspect_words)

    def check(self, facts: CommentFacts, model: ScoreSource) -> PhaseResult:
        banned = sorted({m.found for m in self.banned.find(facts.text)})
        if banned:
            return self.result(
                "reject",
                "banned_words",
                "The comment uses words this site bans.",
                {"words": banned},
            )
        suspect = sorted({m.found for m in self.suspect.find(facts.text)})
        if suspect:
            return self.result(
                "hold",
                "suspect_words",
                "The comment uses words this site reviews.",
                {"words": suspect},
            )
        return NO_OBJECTION


SLURS = Path(__file__).parents[1] / "models" / "slurs.json"


@cache
def shipped_slurs() -> WordList:
    entries = json.loads(SLURS.read_text(encoding="utf-8"))["entries"]
    return WordList.of([str(entry) for entry in entries])


@register_phase("slurs")
class SlursPhase(PurePhase):
    """A slur for a people is held whatever the model makes of the rest of the sentence."""

    name = "slurs"

    def check(self, facts: CommentFacts, model: ScoreSource) -> PhaseResult:
        found = sorted({m.found for m in shipped_slurs().find(facts.text)})
        if not found:
            return NO_OBJECTION
        return self.result(
            "hold",
            "slur",
            "The comment uses a slur for a nationality or an ethnic group.",
            {"words": found},
        )
