"""A reader's standing on a site: banned, suspended until, always reviewed?

Signed-in readers have a standing per account; guests can only be banned, by the network identity
key of their comments (`guest_bans`). Whether they may write is checked in `access.writing`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.storage.models import UserState
from rejoinder.storage.repositories import user_states as state_repo


@dataclass(frozen=True)
class Standing:
    banned: bool = False
    suspended_until: datetime | None = None
    premoderated: bool = False


def combine(states: list[UserState]) -> Standing:
    """The strictest of the site's and the install-wide decisions."""
    suspensions = [s.suspended_until for s in states if s.suspended_until is not None]
    return Standing(
        banned=any(s.banned for s in states),
        suspended_until=max(suspensions) if suspensions else None,
        premoderated=any(s.premoderated for s in states),
    )


async def of(session: AsyncSession, account_id: int, site_id: int) -> Standing:
    return combine(await state_repo.applying_to(session, account_id, site_id))
