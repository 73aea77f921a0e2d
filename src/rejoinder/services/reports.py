"""Reader reports, with a reason; an "illegal" report is an EU DSA notice (Art. 16).

A notice names the law it says the comment breaks and explains why (refused with 400 when it
does not); its sender may give an address and a language for the answers, which go out only
once the address is confirmed (`services/dsa_notices.py`). Other reasons take neither: what
they send besides a reason and a detail is ignored, as it always was.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain import dsa
from rejoinder.domain.accounts import clean_email
from rejoinder.domain.enums import ReportReason
from rejoinder.domain.errors import Conflict
from rejoinder.domain.events import ReportFiled
from rejoinder.domain.requester import Requester
from rejoinder.services import access, dsa_notices, events
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import Report
from rejoinder.storage.repositories import reports as report_repo


@dataclass(frozen=True)
class Notice:
    """What a notice of illegal content adds to a report."""

    legal_ground: str = ""
    reporter_email: str | None = None
    language: str | None = None


def _notice_fields(reason: ReportReason, detail: str, notice: Notice) -> Notice:
    if reason is not ReportReason.ILLEGAL:
        return Notice()
    dsa.check_notice(notice.legal_ground, detail)
    email = clean_email(notice.reporter_email) if notice.reporter_email else None
    return Notice(" ".join(notice.legal_ground.split()), email, notice.language)


async def report(
    session: AsyncSession,
    rt: Runtime,
    site_slug: str,
    comment_id: int,
    reason: ReportReason,
    detail: str,
    who: Requester,
    notice: Notice | None = None,
) -> Report:
    checked = await access.access_comment_to_report(session, site_slug, comment_id, who)
    site, comment = checked.site, checked.comment
    fields = _notice_fields(reason, detail, notice or Notice())
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
            legal_ground=fields.legal_ground,
            reporter_email=fields.reporter_email,
            reporter_language=fields.language,
        ),
    )
    await dsa_notices.queue(session, rt, filed)
    await events.emit(session, rt, ReportFiled(comment.id, comment.story_id, site.id, filed.id))
    return filed
