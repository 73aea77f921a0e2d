"""Flat discussions with known parents, built from threaded data, to measure reply inference.

From (child, parent) text pairs: each parent is placed, and its child 1..WINDOW positions later
among other comments (a free slot chosen at random, seeded); some children come without their
parent ("answers no one" on this page). The comments are then flat: only the truth remembers.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from rejoinder.insight.model import InsightComment
from rejoinder.insight.replies import WINDOW


@dataclass(frozen=True)
class FlatDiscussion:
    comments: tuple[InsightComment, ...]  # page order, parent_id None everywhere
    truth: dict[int, int | None]  # child id → its parent's id (None: not on the page)


def flatten_pairs(
    pairs: Sequence[tuple[str, str]], seed: int, size: int = 40, orphan_share: float = 0.2
) -> FlatDiscussion:
    rng = random.Random(seed)  # noqa: S311 (a seeded shuffle, not a secret)
    slots: dict[int, tuple[str, int | None]] = {}  # position → (text, parent position)
    queue = list(pairs)
    rng.shuffle(queue)
    position = 0
    while position < size and queue:
        if position in slots:
            position += 1
            continue
        child, parent = queue.pop()
        if rng.random() < orphan_share:
            slots[position] = (child, None)
        else:
            free = [p for p in range(position + 1, position + WINDOW + 1) if p not in slots]
            slots[position] = (parent, None)
            if free:
                slots[rng.choice(free)] = (child, position)
        position += 1
    return _discussion(slots, rng)


def _discussion(slots: dict[int, tuple[str, int | None]], rng: random.Random) -> FlatDiscussion:
    start = datetime(2026, 3, 1, tzinfo=UTC)
    comments: list[InsightComment] = []
    ids: dict[int, int] = {}
    truth: dict[int, int | None] = {}
    for order, position in enumerate(sorted(slots)):
        text, parent = slots[position]
        ids[position] = order + 1
        comments.append(
            InsightComment(
                id=order + 1,
                parent_id=None,
                author=f"user{rng.randrange(10_000)}",
                text=text,
                created_at=start + timedelta(minutes=order),
            )
        )
        truth[order + 1] = ids[parent] if parent is not None else None
    return FlatDiscussion(tuple(comments), truth)


def threads(comments: Sequence[InsightComment]) -> FlatDiscussion:
    """A threaded discussion flattened in time order, the parents kept as the truth."""
    ordered = sorted(comments, key=lambda c: (c.created_at, c.id))
    position = {c.id: i for i, c in enumerate(ordered)}
    truth = {
        c.id: c.parent_id
        if c.parent_id is not None and 0 < position[c.id] - position[c.parent_id] <= WINDOW
        else None
        for c in ordered
        if c.parent_id is None or c.parent_id in position
    }
    flat = tuple(
        InsightComment(c.id, None, c.author, c.text, c.created_at, c.like_count) for c in ordered
    )
    return FlatDiscussion(flat, truth)
