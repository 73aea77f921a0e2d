"""How urgently a moderator should look at a comment: a queue's order, and why (issue 12).

A priority, not a probability: points from the model's scores, the rules that held the comment,
the author's record, the story's traffic (when the comment is judged) and its reports (each time
one is filed). An illegal-content notice outweighs everything else, since the DSA expects it to
be dealt with "in a timely manner". Every point comes with words a moderator reads on the item.
"""

from __future__ import annotations

import math
import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

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

# The words of each factor, by code. Stored with the comment and given by the API in English;
# the dashboard reads a factor back into its code and values (`explain`) and says it in the
# moderator's language (i18n/admin_queue.py: `why_<code>`, the same placeholders).
WORDS: Mapping[str, str] = {
    "score": "score {score} {category}",
    "rules": "rule: {rules}",
    "author_rejected": "author: {n} rejected in 30 days",
    "new_account": "new account",
    "busy_story": "busy story ({n} comments)",
    "notice": "illegal-content notice",
    "notices": "{n} illegal notices",
    "report": "1 report",
    "reports": "{n} reports",
}


def _say(code: str, **values: object) -> str:
    return WORDS[code].format(**values)


@cache
def _pattern(code: str) -> re.Pattern[str]:
    """The words of `code` with each placeholder a named group: the form read back."""
    parts: list[str] = []
    for literal, name, _spec, _conversion in string.Formatter().parse(WORDS[code]):
        parts.append(re.escape(literal))
        if name:
            parts.append(f"(?P<{name}>.+?)")
    return re.compile("".join(parts))


def explain(factor: str) -> tuple[str, dict[str, str]]:
    """A factor's code and values (`("score", {"score": "0.81", "category": "toxicity"})`);
    words of no known form (none are written today) come back as `("text", {"text": ...})`."""
    for code in WORDS:
        found = _pattern(code).fullmatch(factor)
        if found:
            return code, found.groupdict()
    return "text", {"text": factor}


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
            factors.append(_say("score", score=f"{score:.2f}", category=category))
    if judged.rule_codes:
        points += SLUR_POINTS if "slur" in judged.rule_codes else RULE_POINTS
        factors.append(_say("rules", rules=", ".join(judged.rule_codes)))
    if judged.author_recent_rejected:
        points += min(REJECTION_CAP, REJECTION_POINTS * judged.author_recent_rejected)
        factors.append(_say("author_rejected", n=judged.author_recent_rejected))
    if judged.new_account:
        points += NEW_ACCOUNT_POINTS
        factors.append(_say("new_account"))
    if judged.story_comments >= 10:
        points += TRAFFIC_POINTS * math.log10(judged.story_comments)
        factors.append(_say("busy_story", n=judged.story_comments))
    return Risk(points, tuple(factors))


def with_reports(base: Risk, reports: Mapping[str, int]) -> Risk:
    """The full risk once reports are counted: `reports` is {reason: count}."""
    illegal = reports.get(ReportReason.ILLEGAL.value, 0)
    others = sum(count for reason, count in reports.items() if reason != ReportReason.ILLEGAL)
    points = base.value
    factors: list[str] = []
    if illegal:
        points += ILLEGAL_POINTS
        factors.append(_say("notice") if illegal == 1 else _say("notices", n=illegal))
    if others:
        points += min(REPORT_CAP, REPORT_POINTS * others)
        factors.append(_say("report") if others == 1 else _say("reports", n=others))
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
