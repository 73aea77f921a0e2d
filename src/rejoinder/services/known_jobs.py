"""Job keys this process knows to be queued already, so that a debounced job costs a post no
statement once its slot's row exists (issue 15: insight's `INSERT ... ON CONFLICT DO NOTHING`
was about 7 % of a post's CPU on the write path).

A key is remembered only once its row is known to be in the database: after the transaction
that inserted it commits, or at once when the insert met the row already there. Keys name a
time slot, so an old key is never asked for again; the set is bounded and starts afresh when
full, which costs one more statement per slot and nothing else.
"""

from __future__ import annotations

MAX_KEYS = 4096


class KnownJobKeys:
    def __init__(self, limit: int = MAX_KEYS) -> None:
        self._keys: set[str] = set()
        self._limit = limit

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def add(self, key: str) -> None:
        if len(self._keys) >= self._limit:
            self._keys.clear()
        self._keys.add(key)
