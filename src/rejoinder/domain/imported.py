"""What importers hand to the import service, whatever the source format."""

from __future__ import annotations

from dataclasses import dataclass, field


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
