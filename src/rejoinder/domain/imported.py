"""What importers hand to the import service, whatever the source format."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from rejoinder.domain.enums import CommentStatus


@dataclass(frozen=True)
class ImportedComment:
    author: str
    paragraphs: list[str]
    line: int = 0  # where it started in the source, for error messages


@dataclass(frozen=True)
class ImportedPage:
    title: str
    paragraphs: list[str]
    attribution: str | None
    declared_count: int
    comments: list[ImportedComment] = field(default_factory=list)


# Records of the other systems' exports (Disqus, WordPress, Isso, Rejoinder JSON): what every
# importer yields, one at a time, for `services/bulk_import.py` to write.

BodyFormat = Literal["html", "markdown", "text"]


@dataclass(frozen=True, slots=True)
class SourceThread:
    """A discussion at its source: one story of ours, matched by URL."""

    source_id: str  # how the source's comments refer to it; may be empty (then: by URL)
    url: str
    title: str = ""
    created_at: datetime | None = None
    # The publisher's own id for the story when the source knows it (Disqus' <id>, the
    # `disqus_identifier`): our story key. Empty: a key is made from the URL.
    story_key: str = ""
    location: str = ""  # where it is in the file ("line 12", "thread 123"), for messages


@dataclass(frozen=True, slots=True)
class SourceComment:
    source_id: str  # stable within the source: the import key is made of it
    thread: str  # the thread's source id, or its URL when the thread has no id
    body: str
    body_format: BodyFormat = "html"
    status: CommentStatus = CommentStatus.PUBLISHED
    parent_source_id: str = ""  # empty: a top-level comment
    author_name: str = ""
    author_email: str = ""  # kept for staff only (the guest email column)
    author_url: str = ""  # read for completeness; Rejoinder has no column for it
    created_at: datetime | None = None  # aware; naive is taken as UTC
    edited_at: datetime | None = None
    featured_at: datetime | None = None  # a moderator featured it (our own export only)
    like_count: int = 0
    location: str = ""


@dataclass(frozen=True, slots=True)
class SourceSkipped:
    """A record left out on purpose (a pingback, say): counted in the summary by reason."""

    reason: str
    location: str = ""


@dataclass(frozen=True, slots=True)
class SourceProblem:
    """A malformed record: reported with its location; the rest still imports (unless strict)."""

    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


ImportRecord = SourceThread | SourceComment | SourceSkipped | SourceProblem

MAX_PROBLEMS_KEPT = 200  # listed in the summary; the rest are counted


@dataclass
class ImportSummary:
    """What an import did (or, in a dry run, would do); updated as it goes, for progress."""

    stories_created: int = 0
    stories_matched: int = 0
    comments_seen: int = 0
    already_imported: int = 0
    flagged: int = 0  # published, and in the moderators' flagged queue (ADR 0004)
    by_status: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    problem_count: int = 0
    problems: list[SourceProblem] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return sum(self.by_status.values())

    def add_problem(self, problem: SourceProblem) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS_KEPT:
            self.problems.append(problem)

    def skip(self, reason: str, count: int = 1) -> None:
        self.skipped[reason] += count
