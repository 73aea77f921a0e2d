"""The site's banned words (reject) and suspect words (hold)."""

from __future__ import annotations

from functools import lru_cache

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
