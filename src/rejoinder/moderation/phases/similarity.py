"""Repeated and near-duplicate comments (brigading) and bursts from one author."""

from __future__ import annotations

from rejoinder.domain.moderation import (
    NO_OBJECTION,
    CommentFacts,
    PhaseResult,
    RecentPost,
    ScoreSource,
)
from rejoinder.moderation.near_duplicates import signature, signatures, similar
from rejoinder.moderation.phases.base import PurePhase
from rejoinder.moderation.registry import register_phase

MIN_WORDS_FOR_BRIGADING = 5  # "Great article!" from many readers is not a campaign


@register_phase("duplicates")
class DuplicatesPhase(PurePhase):
    name = "duplicates"

    def check(self, facts: CommentFacts, model: ScoreSource) -> PhaseResult:
        window = self._window(facts)
        if not window:
            return NO_OBJECTION
        mine = signature(facts.text)
        others = signatures([post.text for post in window])
        found = similar(mine, others, self.settings.duplicate_similarity)
        copies = [post for post, alike in zip(window, found, strict=True) if alike]
        # An edit's own earlier text is not among the posts (the caller leaves it out), so an
        # edit into a copy of the author's other comment is caught as a new post would be.
        if any(p.author_key == facts.author_key for p in copies):
            return self.result("reject", "repeated_comment", "The author already posted this.")
        accounts = {p.author_key for p in copies} - {facts.author_key}
        enough_words = mine.word_count >= MIN_WORDS_FOR_BRIGADING
        if enough_words and len(accounts) >= self.settings.duplicate_min_accounts:
            return self.result(
                "hold",
                "duplicate_across_accounts",
                f"{len(accounts)} other accounts posted nearly the same text.",
                {"accounts": len(accounts)},
            )
        return NO_OBJECTION

    def _window(self, facts: CommentFacts) -> list[RecentPost]:
        since = facts.now - self.settings.duplicate_window_seconds
        return [p for p in facts.recent_posts if p.created_at >= since]


@register_phase("flood")
class FloodPhase(PurePhase):
    name = "flood"

    def check(self, facts: CommentFacts, model: ScoreSource) -> PhaseResult:
        since = facts.now - self.settings.flood_window_seconds
        count = sum(
            1
            for p in facts.recent_posts
            if p.author_key == facts.author_key and p.created_at >= since
        )
        if not facts.is_edit and count >= self.settings.flood_max_posts:
            window = int(self.settings.flood_window_seconds)
            return self.result(
                "hold",
                "flood",
                f"The author posted {count} comments in the last {window} seconds.",
                {"count": count},
            )
        return NO_OBJECTION
