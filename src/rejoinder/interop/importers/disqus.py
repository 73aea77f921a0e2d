"""Disqus XML exports: `<disqus>` with `<category>`, `<thread dsq:id>` and `<post dsq:id>`.

A post names its thread (`<thread dsq:id=…/>`) and its parent (`<parent dsq:id=…/>`) by Disqus'
internal ids; a thread's `<id>` is the publisher's own identifier (`disqus_identifier`), often
empty, and becomes our story key when given. Posts may come before the thread they name (the
import service waits for it). IP addresses (`<ipAddress>`) are never read.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from xml.etree.ElementTree import Element

from rejoinder.domain.enums import CommentStatus
from rejoinder.domain.imported import ImportRecord, SourceComment, SourceProblem, SourceThread
from rejoinder.interop.importers.xml_stream import (
    attribute,
    child,
    count_tags,
    elements_at_depth,
    line_of,
    local,
    text_of,
)


def estimate(path: Path) -> int:
    return count_tags(path, b"<post ", b"<post>")


def _flag(element: Element, name: str) -> bool:
    return text_of(element, name).lower() == "true"


def _date(element: Element, name: str) -> datetime | None:
    """ISO 8601 (`2013-03-04T21:36:17Z`); ValueError when present but unreadable."""
    value = text_of(element, name)
    return datetime.fromisoformat(value) if value else None


def _reference(element: Element, name: str) -> str:
    found = child(element, name)
    return attribute(found, "id") if found is not None else ""


def _status(post: Element) -> CommentStatus:
    if _flag(post, "isDeleted"):
        return CommentStatus.DELETED
    if _flag(post, "isSpam"):
        return CommentStatus.REJECTED
    if text_of(post, "isApproved").lower() == "false":
        return CommentStatus.PENDING
    return CommentStatus.PUBLISHED


def _thread(element: Element, where: str) -> SourceThread | SourceProblem:
    link = text_of(element, "link")
    if not link:
        return SourceProblem(where, "a thread without a <link>")
    return SourceThread(
        source_id=attribute(element, "id"),
        url=link,
        title=text_of(element, "title"),
        created_at=_date(element, "createdAt"),
        story_key=text_of(element, "id"),
        location=where,
    )


def _post(element: Element, where: str) -> SourceComment | SourceProblem:
    source_id, thread = attribute(element, "id"), _reference(element, "thread")
    if not source_id or not thread:
        return SourceProblem(where, "a post without its dsq:id or its <thread dsq:id>")
    author = child(element, "author")
    message = child(element, "message")
    return SourceComment(
        source_id=source_id,
        thread=thread,
        body=(message.text or "") if message is not None else "",
        body_format="html",
        status=_status(element),
        parent_source_id=_reference(element, "parent"),
        author_name=text_of(author, "name") if author is not None else "",
        author_email=text_of(author, "email") if author is not None else "",
        created_at=_date(element, "createdAt"),
        location=where,
    )


def _record(element: Element) -> ImportRecord | None:
    kind = local(element.tag)
    where = f"line {line_of(element)} ({kind} {attribute(element, 'id') or 'without an id'})"
    try:
        if kind == "thread":
            return _thread(element, where)
        if kind == "post":
            return _post(element, where)
    except ValueError as error:
        return SourceProblem(where, f"unreadable date ({error})")
    return None  # categories: nothing of ours


def read_disqus(path: Path) -> Iterator[ImportRecord]:
    """Threads and posts of a Disqus export, one at a time."""
    for element in elements_at_depth(path, 1):
        record = _record(element)
        if record is not None:
            yield record
