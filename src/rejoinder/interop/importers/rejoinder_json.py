"""Read Rejoinder's own JSON export (`rejoinder-export/1` and `/2`) as import records.

Each story becomes a thread keyed by its story id (so the story keeps its key), each comment a
record with its id as the source id: its parent, status (a tombstone stays one), source text
and format, times, like count and, in version 2, the guest's email. The file is read whole
(json): it is our own export, about the size of the comments' text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, cast

from rejoinder.domain.enums import CommentStatus
from rejoinder.domain.errors import Invalid
from rejoinder.domain.imported import (
    BodyFormat,
    ImportRecord,
    SourceComment,
    SourceProblem,
    SourceThread,
)

FORMATS = ("rejoinder-export/1", "rejoinder-export/2")
BODY_FORMATS: tuple[BodyFormat, ...] = ("markdown", "text")


def _load(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_bytes())
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise Invalid(f"{path.name} is not JSON ({error}).") from error
    if not isinstance(data, dict) or data.get("format") not in FORMATS:
        raise Invalid(f"{path.name} is not a Rejoinder export (format {', '.join(FORMATS)}).")
    if not isinstance(data.get("stories"), list):
        raise Invalid(f"{path.name} has no list of stories.")
    return cast(dict[str, Any], data)


def _moment(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def thread_of(story: dict[str, Any]) -> SourceThread:
    key = str(story["id"])
    return SourceThread(
        source_id=key,
        url=str(story["url"]),
        title=_text(story.get("title")),
        created_at=_moment(story.get("created_at")),
        story_key=key,
        location=f"story {key}",
    )


def _body_format(comment: dict[str, Any]) -> BodyFormat:
    given = comment.get("body_format", "markdown")
    if given not in BODY_FORMATS:
        raise ValueError(f"unknown body_format {given!r}")
    return cast(BodyFormat, given)


def comment_of(story_key: str, comment: dict[str, Any]) -> SourceComment:
    parent = comment.get("parent_id")
    return SourceComment(
        source_id=str(comment["id"]),
        thread=story_key,
        body=_text(comment.get("body_markdown")),
        body_format=_body_format(comment),
        status=CommentStatus(comment["status"]),
        parent_source_id="" if parent is None else str(parent),
        author_name=_text(comment.get("author")),
        author_email=_text(comment.get("author_email")),
        created_at=_moment(comment["created_at"]),
        edited_at=_moment(comment.get("edited_at")),
        featured_at=_moment(comment.get("featured_at")),
        like_count=int(comment.get("like_count") or 0),
        location=f"story {story_key}, comment {comment['id']}",
    )


def _comment_record(story_key: str, comment: Any) -> SourceComment | SourceProblem:
    if not isinstance(comment, dict):
        return SourceProblem(f"story {story_key}", "a comment is not a JSON object")
    location = f"story {story_key}, comment {comment.get('id')}"
    try:
        return comment_of(story_key, comment)
    except (KeyError, TypeError, ValueError) as error:
        return SourceProblem(location, f"malformed comment ({error!r})")


def _story_records(index: int, story: Any) -> Iterator[ImportRecord]:
    try:
        thread = thread_of(story)
    except (KeyError, TypeError, ValueError) as error:
        yield SourceProblem(f"story #{index + 1}", f"malformed story ({error!r})")
        return
    yield thread
    for comment in story.get("comments") or []:
        yield _comment_record(thread.story_key, comment)


def read_rejoinder(path: Path) -> Iterator[ImportRecord]:
    """Each story's thread, then its comments in the file's order (a parent before its replies)."""
    data = _load(path)
    for index, story in enumerate(data["stories"]):
        yield from _story_records(index, story)
