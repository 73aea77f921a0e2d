"""Enumerations stored in the database as their string values, and the API's named choices."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal


class CommentStatus(StrEnum):
    PUBLISHED = "published"
    PENDING = "pending"
    REJECTED = "rejected"
    DELETED = "deleted"


class SortOrder(StrEnum):
    OLDEST = "oldest"
    NEWEST = "newest"
    TOP = "top"
    REPLIES = "replies"


class CommentFilter(StrEnum):
    """What a story's listing may hold instead of the whole thread (`?filter=`): its featured
    comments; in a Q&A story, its questions an expert answered, or not yet."""

    FEATURED = "featured"
    ANSWERED = "answered"
    UNANSWERED = "unanswered"


class ReportReason(StrEnum):
    SPAM = "spam"
    ABUSE = "abuse"
    HARASSMENT = "harassment"
    HATE = "hate"
    MISINFORMATION = "misinformation"
    ILLEGAL = "illegal"  # EU Digital Services Act notice
    OTHER = "other"


class ReactionKind(StrEnum):
    LIKE = "like"


class AccountRole(StrEnum):
    READER = "reader"
    MODERATOR = "moderator"
    ADMIN = "admin"


class DecisionAction(StrEnum):
    PUBLISH = "publish"
    HOLD = "hold"
    REJECT = "reject"
    NUDGE = "nudge"
    FLAG = "flag"  # published, and shown to moderators in the flagged queue
    DELETE = "delete"
    APPROVE = "approve"


# A moderators' queue: which comments of a site wait for a person to look at them (the first
# four), or every comment by its state (the last three).
QueueKind = Literal["pending", "reported", "flagged", "illegal", "all", "approved", "rejected"]
QUEUE_KINDS: tuple[QueueKind, ...] = (
    "pending", "reported", "flagged", "illegal", "all", "approved", "rejected"
)  # fmt: skip
WORK_QUEUES: frozenset[QueueKind] = frozenset({"pending", "reported", "flagged", "illegal"})
QueueSort = Literal["risk", "newest", "oldest"]


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    DEAD = "dead"  # its attempts are used up: `rejoinder jobs retry` sends it round again
