"""Synthetic comments for the site-learning tests: civil remarks on a story, and the kind a
simulated newsroom rejects although the base model lets it through (off-topic promotion)."""

from __future__ import annotations

import random

_SUBJECTS = ["The council", "The minister", "This plan", "The report", "The mayor", "The budget"]
_VERBS = [
    "should explain",
    "needs to publish",
    "could reconsider",
    "has to justify",
    "might revise",
]
_OBJECTS = [
    "the cost of the new bridge",
    "its figures on school places",
    "the timetable for the rail line",
    "how the hospital money is spent",
    "the delay to the housing scheme",
    "the evidence behind the decision",
]
_CODAS = ["before the vote.", "to residents.", "this year.", "in plain terms.", "openly.", ""]

_OFFERS = [
    "Earn $400 a day from home",
    "Make easy money online",
    "I made $9000 last month working from my laptop",
    "Get paid weekly for simple tasks",
    "Work from home and double your income",
]
_CALLS = [
    "visit my profile",
    "click the link in my bio",
    "message me for details",
    "see my page",
    "join my team today",
]
_PADS = ["Great article!", "So true.", "Interesting story.", "", "Nice."]


def civil(rng: random.Random) -> str:
    return " ".join(
        part for part in (rng.choice(_SUBJECTS), rng.choice(_VERBS), rng.choice(_OBJECTS)) if part
    ) + (" " + rng.choice(_CODAS) if rng.random() < 0.7 else ".")


def promotion(rng: random.Random) -> str:
    pad = rng.choice(_PADS)
    body = f"{rng.choice(_OFFERS)}, {rng.choice(_CALLS)}."
    return f"{pad} {body}".strip()


def stream(count: int, rejected_share: float, seed: int) -> list[tuple[str, bool]]:
    """(text, rejected) in time order."""
    rng = random.Random(seed)
    found = []
    for _ in range(count):
        rejected = rng.random() < rejected_share
        found.append((promotion(rng) if rejected else civil(rng), rejected))
    return found
