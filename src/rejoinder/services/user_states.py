"""Moderators' decisions about readers: ban, suspend until, always pre-moderate.

A site's moderators decide for their site; only an admin decides for every site at once.
Nobody but an admin can change an admin's standing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.errors import Forbidden
from rejoinder.domain.principal import Principal
from rejoinder.services import access, roles
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import Account, UserState
from rejoinder.storage.repositories import user_states as state_repo


@dataclass(frozen=True)
class StateChange:
    """Only the fields given change; `clear_suspension` lifts a suspension."""

    banned: bool | None = None
    premoderated: bool | None = None
    suspended_until: datetime | None = None
    clear_suspension: bool = False
    note: str | None = None


@dataclass(frozen=True)
class StateOfUser:
    state: UserState
    site_slug: str | None


def _check_target(principal: Principal, account: Account) -> None:
    if account.role == "admin" and not principal.is_admin:
        raise Forbidden("Only an administrator can change an administrator's standing.")


def _apply(state: UserState, change: StateChange, now: datetime) -> None:
    if change.banned is not None:
        state.banned = change.banned
    if change.premoderated is not None:
        state.premoderated = change.premoderated
    if change.suspended_until is not None or change.clear_suspension:
        state.suspended_until = change.suspended_until
    if change.note is not None:
        state.note = change.note.strip()
    state.updated_at = now


async def _set(
    session: AsyncSession, rt: Runtime, account: Account, site_id: int | None, change: StateChange
) -> UserState:
    state = await state_repo.get(session, account.id, site_id)
    if state is None:
        state = await state_repo.add(session, UserState(account_id=account.id, site_id=site_id))
    _apply(state, change, rt.now())
    await session.flush()
    return state


async def set_on_site(
    session: AsyncSession,
    rt: Runtime,
    site_slug: str,
    account_id: int,
    change: StateChange,
    principal: Principal,
) -> StateOfUser:
    site = await access.site_by_slug(session, site_slug)
    await roles.require_moderator(session, site, principal)
    account = await roles.account_by_id(session, account_id)
    _check_target(principal, account)
    return StateOfUser(await _set(session, rt, account, site.id, change), site.slug)


async def set_everywhere(
    session: AsyncSession, rt: Runtime, account_id: int, change: StateChange, principal: Principal
) -> StateOfUser:
    """The install-wide state (every site): admins only."""
    roles.require_admin(principal)
    account = await roles.account_by_id(session, account_id)
    return StateOfUser(await _set(session, rt, account, None, change), None)
