"""One imported comment's fields, checked as a new comment's are (SECURITY 32): its key, its
body through the same markdown rendering and sanitiser, its author, its status and times."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from rejoinder.domain.accounts import clean_email
from rejoinder.domain.enums import CommentStatus, DecisionAction
from rejoinder.domain.errors import Invalid
from rejoinder.domain.imported import SourceComment
from rejoinder.domain.limits import MAX_AUTHOR_NAME_CHARS
from rejoinder.domain.names import check_shown_name
from rejoinder.platform.html_markdown import escape_markdown, html_to_markdown
from rejoinder.services.comments import clean_body
from rejoinder.services.moderation import Review

ANONYMOUS = "Anonymous"
MAX_KEY_CHARS = 64  # comments.import_key
REJECTED_AT_SOURCE = {
    "phase": "import",
    "code": "rejected_at_source",
    "message": "Marked as spam or rejected at the source.",
    "details": {},
}
HELD_AT_SOURCE = {
    "phase": "import",
    "code": "held_at_source",
    "message": "Was awaiting approval at the source.",
    "details": {},
}


def import_key(source: str, comment: SourceComment) -> str:
    """Stable per source and source id, so a re-import (or a newer export) adds only new ones;
    a comment without an id is known by its thread, time, author and text."""
    ident = comment.source_id.strip() or _digest(
        comment.thread, str(comment.created_at), comment.author_name, comment.body
    )
    key = f"{source}:{ident}"
    return key if len(key) <= MAX_KEY_CHARS else f"{source}:#{_digest(ident)}"[:MAX_KEY_CHARS]


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:32]


def _without_nul(text: str) -> str:
    return text.replace("\x00", "")  # PostgreSQL refuses U+0000 in text


def body_source(comment: SourceComment) -> str:
    """The comment's markdown source, whatever the source's format (HTML never kept)."""
    body = _without_nul(comment.body)
    if comment.body_format == "html":
        # WordPress keeps comments as typed (a newline is a break); Disqus as <p> HTML.
        return html_to_markdown(body, keep_newlines="<p" not in body.lower())
    if comment.body_format == "text":
        return escape_markdown(body)
    return body


def clean_imported_body(comment: SourceComment) -> tuple[str, str]:
    """(markdown source, HTML) as `comments.clean_body` makes them; Invalid as for a new one."""
    return clean_body(body_source(comment))


def author_name(comment: SourceComment) -> str:
    """The name as written, if it would be allowed for a guest now; else "Anonymous"."""
    name = " ".join(_without_nul(comment.author_name).split())[:MAX_AUTHOR_NAME_CHARS].strip()
    if not name or any(not ch.isprintable() for ch in name):
        return ANONYMOUS
    try:
        check_shown_name(name, for_account=False)  # nobody reads as staff by importing
    except Invalid:
        return ANONYMOUS
    return name


def author_email(comment: SourceComment) -> str | None:
    try:
        return clean_email(comment.author_email) if comment.author_email.strip() else None
    except Invalid:
        return None  # an address we would not accept is not kept


def as_utc(moment: datetime | None, default: datetime) -> datetime:
    if moment is None:
        return default
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


@dataclass(frozen=True)
class ImportedState:
    status: CommentStatus
    review: Review | None  # None: a tombstone, which keeps no decision either


def needs_review(comment: SourceComment) -> bool:
    """Only what may be shown is scored: spam stays rejected, deleted stays deleted."""
    return comment.status in (CommentStatus.PUBLISHED, CommentStatus.PENDING)


def imported_state(comment: SourceComment, review: Review | None) -> ImportedState:
    """The pipeline's decision combined with the source's: the stricter one wins."""
    if comment.status is CommentStatus.DELETED:
        return ImportedState(CommentStatus.DELETED, None)
    if comment.status is CommentStatus.REJECTED or review is None:
        rejected = Review(DecisionAction.REJECT, [REJECTED_AT_SOURCE])
        return ImportedState(CommentStatus.REJECTED, rejected)
    if comment.status is CommentStatus.PENDING and review.status is CommentStatus.PUBLISHED:
        held = replace(
            review, action=DecisionAction.HOLD, reasons=[*review.reasons, HELD_AT_SOURCE]
        )
        return ImportedState(CommentStatus.PENDING, held)
    return ImportedState(review.status, review)
