"""Which sites have webhook endpoints, and for which event types, as this process last read it.

The write path's rule (ADR 0021): an event a webhook could be sent for costs its transaction a
fan-out job only when the site has an enabled endpoint for one of its types; a site without
endpoints pays no statement and no job row per post. This process's own changes to endpoints
drop the list at commit; other processes' are seen once the list is older than
`REJOINDER_WEBHOOK_SITES_CACHE_SECONDS`, when it is read again (one query, in whatever
transaction asks next). So an endpoint added through another process gets events from this
one within that time; a removed one may still get a fan-out job, which finds no endpoint.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.webhooks import EVENT_TYPES
from rejoinder.storage.repositories import webhooks as webhook_repo

_EVERY_TYPE = frozenset(EVENT_TYPES)


class WebhookSites:
    """Site id → the event types its enabled endpoints want, kept in this process."""

    def __init__(self) -> None:
        self._wanted: dict[int, frozenset[str]] | None = None
        self._read_at = 0.0

    def forget(self) -> None:
        """Read the list again next time (after this process changed an endpoint)."""
        self._wanted = None

    async def wants(
        self, session: AsyncSession, site_id: int, types: Iterable[str], max_age: float
    ) -> bool:
        """Whether an enabled endpoint of the site wants one of `types`."""
        wanted = await self._current(session, max_age)
        return not wanted.get(site_id, frozenset()).isdisjoint(types)

    async def _current(self, session: AsyncSession, max_age: float) -> dict[int, frozenset[str]]:
        if self._wanted is not None and time.monotonic() - self._read_at < max_age:
            return self._wanted
        wanted: dict[int, frozenset[str]] = {}
        for site_id, events in await webhook_repo.subscriptions(session):
            wanted[site_id] = wanted.get(site_id, frozenset()) | (frozenset(events) or _EVERY_TYPE)
        self._wanted, self._read_at = wanted, time.monotonic()
        return wanted
