"""WordPress eXtended RSS (WXR) exports, every version: the `wp:` namespace is
`http://wordpress.org/export/1.0/`, `1.1/`, `1.2/` or an `https://` one; names are read by
their local part, so all of them read alike.

Each `<item>` with comments is a thread: its `<link>` (the permalink) is the story's URL, its
`wp:post_id` what its comments belong to. Each `wp:comment` keeps its `comment_id`, its
`comment_parent` (0: none) and `comment_approved` (1 published, 0 held, spam rejected, trash and
post-trashed deleted). Pingbacks and trackbacks are skipped (reported, by reason): they are
notices of links from other sites, not readers' words; other types (WooCommerce's order notes,
say) are skipped too, as they may be private. `comment_author_IP` is never read.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from xml.etree.ElementTree import Element

from rejoinder.domain.enums import CommentStatus
from rejoinder.domain.imported import (
    ImportRecord,
    SourceComment,
    SourceProblem,
    SourceSkipped,
    SourceThread,
)
from rejoinder.interop.importers.xml_stream import (
    count_tags,
    elements_at_depth,
    line_of,
    local,
    text_of,
)

APPROVED = {
    "1": CommentStatus.PUBLISHED,
    "approve": CommentStatus.PUBLISHED,
    "0": CommentStatus.PENDING,
    "hold": CommentStatus.PENDING,
    "spam": CommentStatus.REJECTED,
    "trash": CommentStatus.DELETED,
    "post-trashed": CommentStatus.DELETED,
}
COMMENT_TYPES = frozenset({"", "comment"})
LINK_NOTICES = frozenset({"pingback", "trackback"})
SKIPPED_NOTICE = "pingback or trackback (a link notice, not a reader's comment)"
NO_DATE = "0000-00-00 00:00:00"


def estimate(path: Path) -> int:
    return count_tags(path, b"<wp:comment>")


def _date(element: Element, gmt: str, local_time: str) -> datetime | None:
    """GMT when WordPress wrote it; else the blog's local time, taken as UTC (WXR has no zone).
    ValueError when present but unreadable."""
    for name in (gmt, local_time):
        value = text_of(element, name)
        if value and value != NO_DATE:
            return datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    return None


def _thread(item: Element) -> SourceThread:
    return SourceThread(
        source_id=text_of(item, "post_id"),
        url=text_of(item, "link"),
        title=text_of(item, "title"),
        created_at=_date(item, "post_date_gmt", "post_date"),
        location=f"line {line_of(item)} (item {text_of(item, 'post_id') or 'without an id'})",
    )


def _comment(element: Element, thread: SourceThread) -> ImportRecord:
    comment_id = text_of(element, "comment_id")
    where = f"line {line_of(element)} (comment {comment_id or 'without an id'})"
    try:
        return _reader_comment(element, thread, comment_id, where)
    except ValueError as error:
        return SourceProblem(where, f"unreadable date ({error})")


def _reader_comment(
    element: Element, thread: SourceThread, comment_id: str, where: str
) -> ImportRecord:
    kind = text_of(element, "comment_type").lower()
    if kind in LINK_NOTICES:
        return SourceSkipped(SKIPPED_NOTICE, where)
    if kind not in COMMENT_TYPES:
        return SourceSkipped(f"comment type '{kind}' (not a reader's comment)", where)
    approved = text_of(element, "comment_approved").lower()
    if not comment_id or approved not in APPROVED:
        return SourceProblem(where, f"no comment_id, or comment_approved '{approved}' unknown")
    parent = text_of(element, "comment_parent")
    content = next((c for c in element if local(c.tag) == "comment_content"), None)
    return SourceComment(
        source_id=comment_id,
        thread=thread.source_id or thread.url,
        body=(content.text or "") if content is not None else "",
        body_format="html",
        status=APPROVED[approved],
        parent_source_id="" if parent in ("", "0") else parent,
        author_name=text_of(element, "comment_author"),
        author_email=text_of(element, "comment_author_email"),
        author_url=text_of(element, "comment_author_url"),
        created_at=_date(element, "comment_date_gmt", "comment_date"),
        location=where,
    )


def _item_records(item: Element) -> Iterator[ImportRecord]:
    comments = [c for c in item if local(c.tag) == "comment"]
    if not comments:
        return  # nothing to import; a story of ours starts with its first comment anyway
    try:
        thread = _thread(item)
    except ValueError as error:
        thread = SourceThread(text_of(item, "post_id"), text_of(item, "link"))
        yield SourceProblem(f"line {line_of(item)}", f"unreadable post date ({error})")
    if not thread.url:
        yield SourceProblem(thread.location, f"an item without a <link>: {len(comments)} left out")
        return
    yield thread
    for element in comments:
        yield _comment(element, thread)


def read_wxr(path: Path) -> Iterator[ImportRecord]:
    """Posts, pages and their comments of a WordPress export (WXR), one item at a time."""
    for item in elements_at_depth(path, 2):
        if local(item.tag) == "item":
            yield from _item_records(item)
