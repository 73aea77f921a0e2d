"""The inbox's rules that need no database: its kinds, how long items stay, what they show."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from enum import StrEnum
from typing import Any

from rejoinder.domain.dsa import DecisionGround

KEEP = timedelta(days=90)  # older items are purged by the hourly housekeeping
EXCERPT_CHARS = 140
MAX_MARK = 100  # ids one "mark read" request may name
REASON_CHARS = 1000
_TAG = re.compile(r"<[^>]*>")


class InboxKind(StrEnum):
    """What an item tells its reader."""

    REPLY = "reply"  # someone else's reply to your comment was published
    FEATURED = "featured"  # a moderator featured your comment
    APPROVED = "approved"  # a moderator approved your held (or rejected) comment
    REJECTED = "rejected"  # a moderator rejected your comment


OUTCOMES = (InboxKind.FEATURED, InboxKind.APPROVED, InboxKind.REJECTED)


def excerpt(body_html: str, limit: int = EXCERPT_CHARS) -> str:
    """The plain text of a comment's sanitised HTML, at most `limit` characters (an ellipsis
    ends a cut one)."""
    text = " ".join(html.unescape(_TAG.sub(" ", body_html)).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def statement_summary(statement: dict[str, Any]) -> str | None:
    """A statement of reasons in one line: the ground it names and its explanation (the
    moderator's words), as the Transparency Database record has them."""
    if statement.get("decision_ground") == DecisionGround.ILLEGAL_CONTENT:
        ground = statement.get("illegal_content_legal_ground")
        explanation = statement.get("illegal_content_explanation")
    else:
        ground = statement.get("incompatible_content_ground")
        explanation = statement.get("incompatible_content_explanation")
    parts = [str(part).strip() for part in (ground, explanation) if part and str(part).strip()]
    return ": ".join(parts)[:REASON_CHARS] or None
