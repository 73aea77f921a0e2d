"""Reader reports, with a reason (an "illegal" report is a DSA notice)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.enums import ReportReason
from rejoinder.domain.errors import Conflict
from rejoinder.domain.events import ReportFiled
from rejoinder.domain.requester import Requester
from rejoinder.services import access, events
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import Report
from rejoinder.storage.repositories import reports as report_repo


async def report(
    session: AsyncSession,
    rt: Runtime,
    site_slug: str,
    comment_id: int,
    reason: ReportReason,
    detail: str,
    who: Requester,
) -> Report:
    checked = await access.access_comment_to_report(session, site_slug, comment_id, who)
    site, comment = checked.site, checked.comment
    reader = access.reader_identity(rt, who)  # a signed-in reader reports once, from any address
    if await report_repo.exists(session, comment.id, reader):
        raise Conflict("You have already reported this comment; moderators will look at it.")
    filed = await report_repo.add(
        session,
        Report(
            site_id=site.id,
            comment_id=comment.id,
            reader_key=reader,
            reason=reason.value,
            detail=detail.strip(),
        ),
    )
    await events.emit(session, rt, ReportFiled(comment.id, comment.story_id, site.id, filed.id))
    return filed
