"""Hard maxima (SECURITY 11) and documented thread shape, in one place."""

from __future__ import annotations

# Ids are PostgreSQL `integer`s: a larger number in a URL or body is a 422, never a driver error.
MAX_ID = 2**31 - 1
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 50
MAX_INLINE_DEPTH = 3  # replies deeper than this are reached by "continue this thread"
REPLIES_PER_ROOT = 20  # replies shown inline under each top-level comment on a page
MAX_COMMENT_CHARS = 10_000
MAX_AUTHOR_NAME_CHARS = 40
MAX_COUNT_KEYS = 100  # stories per comment-count request
MAX_REPORT_DETAIL_CHARS = 1_000
MAX_TITLE_CHARS = 300
MAX_STORY_ID_CHARS = 200
