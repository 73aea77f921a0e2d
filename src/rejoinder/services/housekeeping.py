"""Periodic jobs that keep the tables small: finished jobs and handed-over events go after a while,
and readers' inbox items after 90 days (docs/notifications.md#the-inbox).

Dead jobs stay until an operator retries or purges them (`rejoinder jobs purge --dead`).
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.enums import JobStatus
from rejoinder.services import inbox, jobs
from rejoinder.services.runtime import Runtime
from rejoinder.storage.repositories import jobs as job_repo
from rejoinder.storage.repositories import outbox as outbox_repo

KEEP_DONE = timedelta(days=2)
KEEP_HANDED_EVENTS = timedelta(days=2)


@jobs.job("housekeeping.purge", every=timedelta(hours=1))
async def purge_finished(session: AsyncSession, rt: Runtime, _payload: jobs.Payload) -> None:
    await job_repo.purge(session, JobStatus.DONE, rt.now() - KEEP_DONE)
    await outbox_repo.purge_handed(session, rt.now() - KEEP_HANDED_EVENTS)
    await inbox.purge_old(session, rt)
