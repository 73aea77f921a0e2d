"""Reader reports, with a reason (an "illegal" report is a DSA notice)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.enums import ReportReason
from rejoinder.domain.errors import Conflict
from rejoinder.domain.requester import Requester
from rejoinder.services import access
from rejoinder.services.reactions import reader_identity
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
    site = await access.site_by_slug(session, site_slug)
    access.check_write_origin(site, who.origin)
    comment = await access.visible_comment(session, site, comment_id)
    reader = reader_identity(rt, who)  # a signed-in reader reports once, from any address
    if await report_repo.exists(session, comment.id, reader):
        raise Conflict("You have already reported this comment; moderators will look at it.")
    return await report_repo.add(
        session,
        Report(
            site_id=site.id,
            comment_id=comment.id,
            reader_key=reader,
            reason=reason.value,
            detail=detail.strip(),
        ),
    )
