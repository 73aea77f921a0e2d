"""A reader's standing on a site: may they write, and must they be reviewed?

Signed-in readers have a standing per account; guests can only be banned, by the network identity
key of their comments (`guest_bans`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.errors import Forbidden
from rejoinder.storage.models import UserState
from rejoinder.storage.repositories import guest_bans as ban_repo
from rejoinder.storage.repositories import user_states as state_repo


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


@dataclass(frozen=True)
class Standing:
    banned: bool = False
    suspended_until: datetime | None = None
    premoderated: bool = False

    def check_can_write(self, now: datetime) -> None:
        if self.banned:
            raise Forbidden("Your account is banned from commenting on this site.")
        if self.suspended_until is not None and self.suspended_until > now:
            until = _when(self.suspended_until)
            raise Forbidden(f"Your account is suspended from commenting until {until}.")


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


async def check_guest_can_write(
    session: AsyncSession, site_id: int, author_key: str, now: datetime
) -> None:
    """A guest banned on this site may neither post nor edit until the ban ends (403).

    `author_key` is the guest's network identity key: `Requester.reader_key` for a new post,
    `Comment.author_key` for an edit.
    """
    ban = await ban_repo.active(session, site_id, author_key, now)
    if ban is not None:
        until = _when(ban.expires_at)
        raise Forbidden(f"You are banned from commenting on this site as a guest until {until}.")
