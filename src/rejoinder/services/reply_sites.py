"""Which sites have a comment whose author asked for replies, as this process last read it.

The posting path's rule (docs/notifications.md): a published comment costs its transaction a
reply-notification job only when it is a reply (seen on the row in the session, no query) on a
site where someone asked for replies; every other post pays no statement and no job row. This
process's own opt-ins drop the list at commit; other processes' are seen once the list is older
than `REJOINDER_REPLY_SITES_CACHE_SECONDS` (one query, in whatever transaction asks next).
"""

from __future__ import annotations

import time

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.storage.repositories import reply_notifications as repo


class ReplySites:
    """The ids of the sites with an active reply subscription, kept in this process."""

    def __init__(self) -> None:
        self._sites: frozenset[int] | None = None
        self._read_at = 0.0

    def forget(self) -> None:
        """Read the list again next time (after this process added a subscription)."""
        self._sites = None

    async def has_subscribers(self, session: AsyncSession, site_id: int, max_age: float) -> bool:
        if self._sites is None or time.monotonic() - self._read_at >= max_age:
            self._sites = await repo.sites_with_subscriptions(session)
            self._read_at = time.monotonic()
        return site_id in self._sites
