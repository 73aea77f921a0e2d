"""Preview: a comment rendered exactly as publishing would render it, and stored nowhere."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.requester import Requester
from rejoinder.services import access
from rejoinder.services.comments import clean_body


async def preview(session: AsyncSession, site_slug: str, body: str, who: Requester) -> str:
    """The sanitised HTML of `body` (SECURITY 6: the same renderer and sanitizer as posting)."""
    await access.access_site_for_write(session, site_slug, who.origin)
    _source, html = clean_body(body)
    return html
