"""How urgently a moderator should look at a comment: a queue's order, and why (issue 12).

A priority, not a probability: points from the model's scores, the rules that held the comment,
the author's record, the story's traffic (when the comment is judged) and its reports (each time
one is filed). An illegal-content notice outweighs everything else, since the DSA expects it to
be dealt with "in a timely manner". Every point comes with words a moderator reads on the item.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rejoinder.domain.enums import ReportReason

MODEL_POINTS = 50.0  # a score of 1.0 in the worst category
RULE_POINTS = 20.0  # a rule (words, links, flood...) held or flagged it
SLUR_POINTS = 45.0  # a slur for a people: as urgent as the model's surest abuse
REJECTION_POINTS, REJECTION_CAP = 5.0, 20.0  # per recent rejection of the author
NEW_ACCOUNT_POINTS = 5.0
TRAFFIC_POINTS = 3.0  # per tenfold of the story's comments: a busy story's queue is read more
ILLEGAL_POINTS = 200.0  # more than every other point together
REPORT_POINTS, REPORT_CAP = 10.0, 40.0
SHOWN_SCORE = 0.3  # lower scores are not worth a word on the item


@dataclass(frozen=True)
class Judged:
    """What is known of a comment when the pipeline judges it."""

    scores: Mapping[str, float]
    rule_codes: Sequence[str]  # codes of the reasons given by phases other than the model
    author_recent_rejected: int = 0
    new_account: bool = False
    story_comments: int = 0


@dataclass(frozen=True)
class Risk:
    value: float
    factors: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        return {"base": round(self.value, 4), "factors": list(self.factors)}


def when_judged(judged: Judged) -> Risk:
    """The part of a comment's risk fixed when it is judged (kept with its moderation summary)."""
    points = 0.0
    factors: list[str] = []
    if judged.scores:
        category, score = max(judged.scores.items(), key=lambda item: item[1])
        points += MODEL_POINTS * score
        if score >= SHOWN_SCORE:
            factors.append(f"score {score:.2f} {category}")
    if judged.rule_codes:
        points += SLUR_POINTS if "slur" in judged.rule_codes else RULE_POINTS
        factors.append("rule: " + ", ".join(judged.rule_codes))
    if judged.author_recent_rejected:
        points += min(REJECTION_CAP, REJECTION_POINTS * judged.author_recent_rejected)
        factors.append(f"author: {judged.author_recent_rejected} rejected in 30 days")
    if judged.new_account:
        points += NEW_ACCOUNT_POINTS
        factors.append("new account")
    if judged.story_comments >= 10:
        points += TRAFFIC_POINTS * math.log10(judged.story_comments)
        factors.append(f"busy story ({judged.story_comments} comments)")
    return Risk(points, tuple(factors))


def with_reports(base: Risk, reports: Mapping[str, int]) -> Risk:
    """The full risk once reports are counted: `reports` is {reason: count}."""
    illegal = reports.get(ReportReason.ILLEGAL.value, 0)
    others = sum(count for reason, count in reports.items() if reason != ReportReason.ILLEGAL)
    points = base.value
    factors: list[str] = []
    if illegal:
        points += ILLEGAL_POINTS
        factors.append("illegal-content notice" if illegal == 1 else f"{illegal} illegal notices")
    if others:
        points += min(REPORT_CAP, REPORT_POINTS * others)
        factors.append("1 report" if others == 1 else f"{others} reports")
    return Risk(points, (*factors, *base.factors))


def from_summary(summary: Mapping[str, object]) -> Risk:
    """The judged part back from a comment's moderation summary (zero for older comments)."""
    kept = summary.get("risk")
    if not isinstance(kept, Mapping):
        return Risk(0.0, ())
    base = kept.get("base")
    factors = kept.get("factors")
    value = float(base) if isinstance(base, int | float) else 0.0
    named = tuple(str(f) for f in factors) if isinstance(factors, list) else ()
    return Risk(value, named)
