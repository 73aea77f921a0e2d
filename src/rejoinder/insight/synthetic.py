"""Synthetic discussions with known groups, for the evaluation, the tests and the benchmark.

Each position has its own vocabulary and paraphrases of a few claims; every comment also
carries words all sides use (the story's subject, filler), and some comments are noise that
belongs to no position (true label -1). Seeded: the same seed gives the same discussion.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from rejoinder.insight.model import InsightComment

POSITIONS: tuple[tuple[str, ...], ...] = (
    (  # allies must stand together
        "allies must stand together",
        "the alliance has to hold firm",
        "democracies should stand shoulder to shoulder",
        "partners working together is the best deterrent",
        "a united alliance deters aggression",
        "standing together with our allies keeps us safe",
        "allied deterrence is what keeps the peace",
    ),
    (  # negotiate with the neighbour
        "japan must negotiate with its neighbour",
        "talks and diplomacy with beijing are the only way",
        "dialogue with the neighbour beats any arms race",
        "sit down and negotiate instead of escalating",
        "diplomacy and trade talks can avoid a catastrophe",
        "negotiation with china independently is smarter",
        "keep talking to the neighbour, do not provoke",
    ),
    (  # china is not the enemy
        "china is not the enemy",
        "ordinary chinese people are not our enemies",
        "stop treating china as an enemy",
        "the enemy narrative only serves the arms dealers",
        "we all share one planet and must get along",
        "demonising china helps nobody",
        "the so called threat is exaggerated propaganda",
    ),
    (  # secrecy rules
        "japan's secrecy rules are too weak",
        "information security in tokyo is not at five eyes level",
        "classified data leaks worry the partners",
        "japan needs a proper security clearance system",
        "intelligence sharing requires stricter secrecy laws",
        "without clearance rules the data is not safe",
        "leaks of classified information would sink the deal",
    ),
    (  # the cost
        "who pays for all this military spending",
        "the defence budget is already out of control",
        "taxpayers will foot the bill for submarines",
        "billions on weapons while wages stagnate",
        "the spending would be better used on healthcare",
        "military budgets keep growing and nobody asks the cost",
        "the price tag of these programmes is absurd",
    ),
)
OPENERS = ("", "", "Honestly, ", "In my view ", "Look, ", "Frankly ", "I believe ", "Surely ")
SHARED = (
    "japan", "aukus", "pillar two", "the region", "the government", "this deal", "the treaty",
    "washington", "the talks", "today",
)  # fmt: skip
JOINERS = (". ", ", and ", ". Also ", "; ", ". That is why ")
NOISE = (
    "first!",
    "interesting read, thanks",
    "what time is it there",
    "lol",
    "the weather was nice today",
    "can't load the page on my phone",
    "typo in the second paragraph",
    "see you all tomorrow",
    "nice photo",
    "anyone watching the game tonight",
)


@dataclass(frozen=True)
class Discussion:
    comments: tuple[InsightComment, ...]
    truth: dict[int, int]  # comment id → its position (-1: noise)


def discussion(
    size: int, seed: int = 0, positions: int = 4, noise_share: float = 0.1
) -> Discussion:
    rng = random.Random(seed)  # noqa: S311 (seeded test data, not a secret)
    start = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
    comments: list[InsightComment] = []
    truth: dict[int, int] = {}
    clock = start
    for index in range(size):
        group = -1 if rng.random() < noise_share else rng.randrange(positions)
        text = rng.choice(NOISE) if group < 0 else _statement(rng, POSITIONS[group])
        clock += timedelta(seconds=rng.randint(5, 600))
        comments.append(
            InsightComment(
                id=index + 1,
                parent_id=None,
                author=f"reader{rng.randrange(max(size // 3, 2))}",
                text=text,
                created_at=clock,
                like_count=rng.randrange(6),
                toxicity=round(rng.random() * 0.3, 3),
            )
        )
        truth[index + 1] = group
    return Discussion(tuple(comments), truth)


def _statement(rng: random.Random, claims: tuple[str, ...]) -> str:
    picked = rng.sample(claims, rng.randint(1, 3))
    parts = []
    for claim in picked:
        if rng.random() < 0.5:
            claim = f"{claim} on {rng.choice(SHARED)}"
        parts.append(claim)
    text = rng.choice(OPENERS) + rng.choice(JOINERS).join(parts)
    return text[0].upper() + text[1:] + rng.choice((".", "!", ".", "..."))
