"""Hard maxima (SECURITY 11) and documented thread shape, in one place."""

from __future__ import annotations

import re

# Ids are PostgreSQL `integer`s: a larger number in a URL or body is a 422, never a driver error.
MAX_ID = 2**31 - 1
SITE_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")  # what `rejoinder site create` accepts
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 50
MAX_INLINE_DEPTH = 3  # replies deeper than this are reached by "continue this thread"
REPLIES_PER_ROOT = 20  # replies shown inline under each top-level comment on a page
MAX_COMMENT_CHARS = 10_000
MAX_AUTHOR_NAME_CHARS = 40
MAX_COUNT_KEYS = 100  # stories per comment-count request
MAX_REPORT_DETAIL_CHARS = 1_000
# Each as long as its column (storage/models), so that PostgreSQL never refuses what passed.
MAX_TITLE_CHARS = 300  # stories.title
MAX_STORY_URL_CHARS = 2_000  # stories.url
MAX_STORY_ID_CHARS = 200  # stories.key
# A story key is the longest name a path carries: a longer part of a path names nothing.
MAX_PATH_SEGMENT_CHARS = MAX_STORY_ID_CHARS
