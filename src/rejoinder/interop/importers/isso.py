"""Read an Isso SQLite database (`threads`, `comments`) as source-neutral import records.

Isso keys a thread by its URI, a path on the site (`/2024/05/story.html`): the story's URL is
the base URL (the site's first origin unless the operator gives one) with that path. Comments
are markdown; `mode` is 1 published, 2 pending, 4 deleted (a deleted comment that still has
replies stays in Isso's table with its text cleared: a tombstone here too). `remote_addr` and
`voters` (a Bloom filter of IP addresses) are never read; nor are `dislikes` (Rejoinder has
likes only).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin

from rejoinder.domain.enums import CommentStatus
from rejoinder.domain.errors import Invalid
from rejoinder.domain.imported import ImportRecord, SourceComment, SourceProblem, SourceThread

STATUSES = {1: CommentStatus.PUBLISHED, 2: CommentStatus.PENDING, 4: CommentStatus.DELETED}
_THREADS = "SELECT id, uri, title FROM threads ORDER BY id"
# By id: Isso gives a reply a higher id than its parent, so a parent always comes first.
_COMMENTS = (
    "SELECT id, tid, parent, created, modified, mode, text, author, email, website, likes "
    "FROM comments ORDER BY id"
)


def _connect(path: Path) -> sqlite3.Connection:
    """Read-only: an import never changes the source database."""
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as error:
        raise Invalid(f"{path.name} is not an SQLite database ({error}).") from error
    if not {"threads", "comments"} <= tables:
        connection.close()
        raise Invalid(f"{path.name} has no Isso tables (threads, comments): is it Isso's?")
    return connection


def story_url(base_url: str, uri: str) -> str:
    """The page of an Isso URI: a path joined to the base URL; a full URL stays as it is."""
    return urljoin(base_url.rstrip("/") + "/", uri)


def _thread(row: tuple[object, ...], base_url: str) -> SourceThread:
    thread_id, uri, title = row
    url = story_url(base_url, str(uri or ""))
    # An empty title is common (Isso learns it from the page): the import then uses the URL.
    return SourceThread(str(thread_id), url, str(title or ""), location=f"thread {thread_id}")


def _moment(value: object) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, int | float):
        raise ValueError(f"time {value!r} is not a number of seconds")
    return datetime.fromtimestamp(value, UTC)


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _comment(row: tuple[object, ...]) -> SourceComment | SourceProblem:
    cid, tid, parent, created, modified, mode, text, author, email, website, likes = row
    location = f"comment {cid}"
    status = STATUSES.get(mode) if isinstance(mode, int) else None
    if status is None:
        return SourceProblem(location, f"unknown mode {mode!r} (1, 2 or 4 expected)")
    try:
        created_at, edited_at = _moment(created), _moment(modified)
    except (ValueError, OverflowError, OSError) as error:
        return SourceProblem(location, str(error))
    return SourceComment(
        source_id=str(cid),
        thread=str(tid),
        body=_text(text),
        body_format="markdown",
        status=status,
        parent_source_id=_text(parent),
        author_name=_text(author),
        author_email=_text(email),
        author_url=_text(website),
        created_at=created_at,
        edited_at=edited_at,
        like_count=likes if isinstance(likes, int) and likes > 0 else 0,
        location=location,
    )


def read_isso(path: Path, base_url: str) -> Iterator[ImportRecord]:
    """Every thread, then every comment (a parent before its replies), read as it goes."""
    with closing(_connect(path)) as connection:
        for row in connection.execute(_THREADS):
            yield _thread(row, base_url)
        for row in connection.execute(_COMMENTS):
            yield _comment(row)


def estimate(path: Path) -> int | None:
    """How many comments the database holds, for the progress bar's ETA."""
    try:
        with closing(_connect(path)) as connection:
            (count,) = connection.execute("SELECT count(*) FROM comments").fetchone()
    except Invalid:
        return None  # the import itself says what is wrong with the file
    return int(count)
