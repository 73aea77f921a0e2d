"""The dashboard's queue counts, live: the same bus and the same stream answer as readers'.

Any comment event of a site (held, reported, decided, published, removed, ...) marks its counts
stale; they are counted once for every moderator watching the site, at most once per
`RECOUNT_SECONDS`, and sent as a `counts` event (`{queue: count}`) that `static/admin/admin.js`
writes into the queue tabs.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from rejoinder.domain.interfaces import LiveBus
from rejoinder.domain.live import LiveMessage
from rejoinder.http.admin.common import StaffDep
from rejoinder.http.deps import RuntimeDep, SessionDep
from rejoinder.http.live import Frame, Listener, LiveStream, hold, sse_frame
from rejoinder.services import live, queues

log = logging.getLogger(__name__)

RECOUNT_SECONDS = 0.5
SITES_OF_STORIES_KEPT = 50_000


def counts_frame(counts: dict[str, int]) -> Frame:
    return Frame(sse_frame("counts", counts))


class QueueWatch:
    """Moderators watching their sites' queues in this process; the bus's listener for them."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], bus: LiveBus) -> None:
        self._sessions = sessions
        self._by_site: dict[int, set[Listener]] = {}
        self._site_of: dict[int, int] = {}  # story id -> site id (a story never moves)
        self._stale: set[int] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        bus.add_listener(self)

    def on_message(self, message: LiveMessage) -> None:
        if self._by_site:
            self._start(self._note(message.story_id))

    def on_resume(self) -> None:
        for site_id in list(self._by_site):
            self._mark(site_id)

    def _start(self, work: Any) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _note(self, story_id: int) -> None:
        site_id = self._site_of.get(story_id)
        if site_id is None:
            found = None
            with contextlib.suppress(Exception):  # the database is away: the next event retries
                found = await live.story_of(self._sessions, story_id)
            if found is None:
                return
            if len(self._site_of) > SITES_OF_STORIES_KEPT:
                self._site_of.clear()
            site_id = self._site_of[story_id] = found[0]
        if site_id in self._by_site:
            self._mark(site_id)

    def _mark(self, site_id: int) -> None:
        if site_id not in self._stale:
            self._stale.add(site_id)
            self._start(self._recount(site_id))

    async def _recount(self, site_id: int) -> None:
        await asyncio.sleep(RECOUNT_SECONDS)  # a burst of decisions is one recount
        self._stale.discard(site_id)
        watchers = self._by_site.get(site_id)
        if not watchers:
            return
        try:
            counts = await queues.counts_of_site(self._sessions, site_id)
        except Exception as error:  # the database is away: the next event recounts
            log.warning("Cannot recount queues: %s", type(error).__name__)
            return
        if counts is not None:
            frame = counts_frame(counts)
            for listener in list(watchers):
                listener.push([frame])

    def open(self, site_id: int, counts: dict[str, int]) -> Listener:
        listener = Listener(frozenset())
        hold(self._by_site, site_id, listener)
        listener.push([counts_frame(counts)])
        return listener


router = APIRouter()


@router.get("/admin/sites/{site}/events", include_in_schema=False)
async def queue_events(
    request: Request, site: str, staff: StaffDep, session: SessionDep, runtime: RuntimeDep
) -> LiveStream:
    """`text/event-stream` of the site's queue counts, for its moderators."""
    site_id, counts = await queues.site_to_watch(session, site, staff.principal)
    watch: QueueWatch = request.app.state.queue_watch
    settings = runtime.settings
    return LiveStream(
        watch.open(site_id, counts),
        settings.live_retry_ms,
        settings.live_keepalive_seconds,
        settings.live_stream_seconds,
    )
