"""Opaque pagination cursors: the sort they belong to and where the last page ended."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime

from rejoinder.domain.enums import CommentFilter, SortOrder
from rejoinder.domain.errors import BadRequest
from rejoinder.domain.paging import Keyset

_BAD = "This cursor is not valid here; start again from the first page."

# What a cursor pages through: a sort of the thread, or a filtered listing (`?filter=`).
Kind = SortOrder | CommentFilter
_BY_TIME = (SortOrder.OLDEST, SortOrder.NEWEST, CommentFilter.FEATURED)


def encode(sort: Kind, keyset: Keyset) -> str:
    value = keyset.value
    raw = int(value.timestamp() * 1_000_000) if isinstance(value, datetime) else value
    data = json.dumps([sort.value, raw, keyset.id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def decode(sort: Kind, cursor: str) -> Keyset:
    """The keyset a cursor carries; a cursor from another sort or a forged one is a 400."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        cursor_sort, raw, comment_id = json.loads(base64.urlsafe_b64decode(padded))
    except (ValueError, TypeError) as error:
        raise BadRequest(_BAD) from error
    if cursor_sort != sort.value or not isinstance(raw, int) or not isinstance(comment_id, int):
        raise BadRequest(_BAD)
    if sort in _BY_TIME:
        try:
            return Keyset(datetime.fromtimestamp(raw / 1_000_000, UTC), comment_id)
        except (OverflowError, OSError, ValueError) as error:
            raise BadRequest(_BAD) from error
    return Keyset(raw, comment_id)
