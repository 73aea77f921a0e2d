"""Moderators' decisions about readers: ban, suspend until, always pre-moderate; and their notes.

A site's moderators decide for their site; only an admin decides for every site at once. The
standing and notes of staff (the site's moderators, admins) are for admins only, so one moderator
cannot silence, or write about, another. Each change is in the audit log (`reader.*`, target the
account), with the note sent alongside as its reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.enums import CommentStatus
from rejoinder.domain.principal import Principal
from rejoinder.services import access, audit
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import Account, Comment, ModeratorNote, UserState
from rejoinder.storage.repositories import guest_standing as standing_repo
from rejoinder.storage.repositories import moderator_notes as note_repo
from rejoinder.storage.repositories import user_states as state_repo

MAX_NOTES_SHOWN = 200  # the latest; a standing is read by people, not paged through
MAX_LATEST_COMMENTS = 50
# Each field of a standing, and the audit actions for its new value (True/set, False/cleared).
_ACTIONS = {
    "banned": ("reader.ban", "reader.unban"),
    "suspended_until": ("reader.suspend", "reader.unsuspend"),
    "premoderated": ("reader.premoderate", "reader.unpremoderate"),
}


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


@dataclass(frozen=True)
class StatusCounts:
    """An author's comments on a site by status (deleted ones are not counted)."""

    published: int = 0
    pending: int = 0
    rejected: int = 0


@dataclass(frozen=True)
class AuthorPanel:
    """What the dashboard shows beside a reader's comment: their standing and notes here, their
    comments here by status, and their latest comments here (any status, newest first)."""

    state: StateOfUser
    comments: StatusCounts
    latest: list[Comment]


async def status_counts(
    session: AsyncSession,
    site_id: int,
    *,
    author_key: str | None = None,
    account_id: int | None = None,
) -> StatusCounts:
    """By a guest's identity key, or by an account (exactly one of them)."""
    if (author_key is None) == (account_id is None):
        raise ValueError("status_counts needs an author_key or an account_id, not both")
    counts = await standing_repo.counts_by_status(
        session, site_id, author_key=author_key, account_id=account_id
    )
    return StatusCounts(
        published=counts.get(CommentStatus.PUBLISHED, 0),
        pending=counts.get(CommentStatus.PENDING, 0),
        rejected=counts.get(CommentStatus.REJECTED, 0),
    )


def _fields(state: UserState) -> dict[str, Any]:
    return {
        "banned": state.banned,
        "suspended_until": state.suspended_until,
        "premoderated": state.premoderated,
    }


async def _audit(
    session: AsyncSession,
    rt: Runtime,
    state: UserState,
    before: dict[str, Any],
    note: str,
    principal: Principal,
) -> None:
    """One entry per field that changed, and one for the note; the note is their reason."""
    after = _fields(state)
    entries: list[tuple[str, dict[str, Any] | None, dict[str, Any]]] = [
        (on if after[name] not in (False, None) else off, {name: before[name]}, {name: after[name]})
        for name, (on, off) in _ACTIONS.items()
        if before[name] != after[name]
    ]
    if note:
        entries.append(("reader.note", None, {"note": note}))
    for action, was, now in entries:
        await audit.record(
            session,
            rt,
            site_id=state.site_id,
            actor=audit.actor_of(principal),
            action=action,
            target_type="account",
            target_id=state.account_id,
            before=was,
            after=now,
            reason=note if action != "reader.note" else "",
        )


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
) -> str:
    """Notes are appended, never overwritten; a blank note adds nothing. Returns the note kept."""
    cleaned = (text or "").strip()
    if not cleaned:
        return ""
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
    return cleaned


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
    before = _fields(state)
    _apply(state, change, rt.now())
    note = await _add_note(session, rt, state, change.note, principal)
    await _audit(session, rt, state, before, note, principal)
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


async def author_panel(
    session: AsyncSession,
    site_slug: str,
    account_id: int,
    principal: Principal,
    latest: int = 10,
) -> AuthorPanel:
    """`get_on_site` with the reader's comment counts and latest comments on the site."""
    found = await access.access_reader_as_moderator(session, site_slug, account_id, principal)
    site, account = found.site, found.account
    return AuthorPanel(
        state=await _view(session, account.id, site.id, site.slug),
        comments=await status_counts(session, site.id, account_id=account.id),
        latest=await standing_repo.latest_by_account(
            session, site.id, account.id, max(1, min(latest, MAX_LATEST_COMMENTS))
        ),
    )


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
