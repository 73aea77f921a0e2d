"""Moderators' decisions about readers: ban, suspend until, always pre-moderate; and their notes.

A site's moderators decide for their site; only an admin decides for every site at once. The
standing and notes of staff (the site's moderators, admins) are for admins only, so one moderator
cannot silence, or write about, another.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.principal import Principal
from rejoinder.services import access
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import Account, ModeratorNote, UserState
from rejoinder.storage.repositories import moderator_notes as note_repo
from rejoinder.storage.repositories import user_states as state_repo

MAX_NOTES_SHOWN = 200  # the latest; a standing is read by people, not paged through


@dataclass(frozen=True)
class StateChange:
    """Only the fields given change; `clear_suspension` lifts a suspension; a note is added."""

    banned: bool | None = None
    premoderated: bool | None = None
    suspended_until: datetime | None = None
    clear_suspension: bool = False
    note: str | None = None


@dataclass(frozen=True)
class Note:
    id: int
    author_id: int | None  # None: written before authors were kept, or the account is gone
    author_name: str | None
    text: str
    created_at: datetime


@dataclass(frozen=True)
class StateOfUser:
    account_id: int
    site_slug: str | None  # None: the install-wide state
    banned: bool
    suspended_until: datetime | None
    premoderated: bool
    updated_at: datetime | None  # None: nobody has decided anything yet
    notes: list[Note]

    @property
    def latest_note(self) -> str:
        return self.notes[-1].text if self.notes else ""


def _apply(state: UserState, change: StateChange, now: datetime) -> None:
    if change.banned is not None:
        state.banned = change.banned
    if change.premoderated is not None:
        state.premoderated = change.premoderated
    if change.suspended_until is not None or change.clear_suspension:
        state.suspended_until = change.suspended_until
    state.updated_at = now


async def _add_note(
    session: AsyncSession, rt: Runtime, state: UserState, text: str | None, principal: Principal
) -> None:
    """Notes are appended, never overwritten; a blank note adds nothing."""
    cleaned = (text or "").strip()
    if not cleaned:
        return
    state.note = cleaned  # the latest also in the old column, for a rollback (expand/contract)
    await note_repo.add(
        session,
        ModeratorNote(
            account_id=state.account_id,
            site_id=state.site_id,
            author_id=principal.account_id,
            text=cleaned,
            created_at=rt.now(),
        ),
    )


async def _set(
    session: AsyncSession,
    rt: Runtime,
    account: Account,
    site_id: int | None,
    change: StateChange,
    principal: Principal,
) -> None:
    state = await state_repo.get(session, account.id, site_id)
    if state is None:  # two decisions at once on a new state: one inserts, both update it
        state = await state_repo.add_if_missing(session, account.id, site_id, rt.now())
    _apply(state, change, rt.now())
    await _add_note(session, rt, state, change.note, principal)
    await session.flush()


async def _view(
    session: AsyncSession, account_id: int, site_id: int | None, site_slug: str | None
) -> StateOfUser:
    state = await state_repo.get(session, account_id, site_id)
    notes = [
        Note(note.id, note.author_id, author_name, note.text, note.created_at)
        for note, author_name in await note_repo.about(
            session, account_id, site_id, MAX_NOTES_SHOWN
        )
    ]
    return StateOfUser(
        account_id=account_id,
        site_slug=site_slug,
        banned=state.banned if state else False,
        suspended_until=state.suspended_until if state else None,
        premoderated=state.premoderated if state else False,
        updated_at=state.updated_at if state else None,
        notes=notes,
    )


async def get_on_site(
    session: AsyncSession, site_slug: str, account_id: int, principal: Principal
) -> StateOfUser:
    found = await access.access_reader_as_moderator(session, site_slug, account_id, principal)
    return await _view(session, found.account.id, found.site.id, found.site.slug)


async def set_on_site(
    session: AsyncSession,
    rt: Runtime,
    site_slug: str,
    account_id: int,
    change: StateChange,
    principal: Principal,
) -> StateOfUser:
    found = await access.access_reader_as_moderator(session, site_slug, account_id, principal)
    await _set(session, rt, found.account, found.site.id, change, principal)
    return await _view(session, found.account.id, found.site.id, found.site.slug)


async def get_everywhere(
    session: AsyncSession, account_id: int, principal: Principal
) -> StateOfUser:
    """The install-wide state (every site): admins only."""
    account = await access.access_account_as_admin(session, account_id, principal)
    return await _view(session, account.id, None, None)


async def set_everywhere(
    session: AsyncSession, rt: Runtime, account_id: int, change: StateChange, principal: Principal
) -> StateOfUser:
    """The install-wide state (every site): admins only."""
    account = await access.access_account_as_admin(session, account_id, principal)
    await _set(session, rt, account, None, change, principal)
    return await _view(session, account.id, None, None)
