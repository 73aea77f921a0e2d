"""Where a page of a keyset-paginated list ended, to start the next one after it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Keyset:
    """Where the previous page ended: the sort value and id of its last item."""

    value: int | datetime
    id: int
