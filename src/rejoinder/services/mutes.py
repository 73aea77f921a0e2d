"""Mutes: a signed-in reader hides another reader's comments, for themselves only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.errors import TooLarge
from rejoinder.domain.principal import Principal
from rejoinder.services import access
from rejoinder.services.runtime import Runtime
from rejoinder.storage.repositories import mutes as mute_repo

MAX_MUTES = 1000  # a hard maximum on the list (SECURITY 11); it is read on every page view


@dataclass(frozen=True)
class MutedReader:
    account_id: int
    display_name: str
    muted_at: datetime


async def mute(
    session: AsyncSession, rt: Runtime, principal: Principal, account_id: int
) -> MutedReader:
    """Mute `account_id` for the signed-in reader; muting again changes nothing."""
    muted = await access.access_reader_to_mute(session, principal, account_id)
    existing = await mute_repo.get(session, principal.account_id, account_id)
    if existing is not None:
        return MutedReader(muted.id, muted.display_name, existing.created_at)
    if await mute_repo.count_of(session, principal.account_id) >= MAX_MUTES:
        raise TooLarge(f"You can mute at most {MAX_MUTES} readers; unmute someone first.")
    added = await mute_repo.add(session, principal.account_id, account_id, rt.now())
    return MutedReader(muted.id, muted.display_name, added.created_at)


async def unmute(session: AsyncSession, principal: Principal, account_id: int) -> None:
    """Unmuting someone who is not muted is not an error: the result is the same."""
    await mute_repo.remove(session, principal.account_id, account_id)


async def muted_readers(session: AsyncSession, principal: Principal) -> list[MutedReader]:
    found = await mute_repo.muted_accounts(session, principal.account_id)
    return [
        MutedReader(account.id, account.display_name, mute.created_at) for mute, account in found
    ]


async def hidden_authors(session: AsyncSession, principal: Principal | None) -> frozenset[int]:
    """The accounts whose comments this reader does not want to see (none for a guest)."""
    if principal is None:
        return frozenset()
    return await mute_repo.muted_ids(session, principal.account_id)
