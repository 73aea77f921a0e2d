"""A guest's standing on a site, from one of their comments: moderators' notes, always
pre-moderate, the ban in force (services/guest_bans.py) and their comments by status.

A guest has no account: as for bans, the standing is kept by the network identity key their
comments carry (`Comment.author_key`, an HMAC, never the IP). While a guest is pre-moderated,
everything they post or edit on the site is held for a moderator, with the reason
`author_premoderated` (the history phase's, as for an account: `access.writing` sets the
writer's `premoderated`). Every change is in the audit log (`guest.note`, `guest.premoderate`,
`guest.unpremoderate`; target the guest's `audit.guest_ref`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.errors import Invalid
from rejoinder.domain.principal import Principal
from rejoinder.services import audit, guest_bans
from rejoinder.services.guest_bans import GuestComment
from rejoinder.services.runtime import Runtime
from rejoinder.services.user_states import MAX_NOTES_SHOWN, Note, StatusCounts, status_counts
from rejoinder.storage.models import GuestBan, GuestNote, GuestPremoderation
from rejoinder.storage.models.guest_ban import MAX_BAN_REASON_CHARS
from rejoinder.storage.models.moderator_note import MAX_NOTE_CHARS
from rejoinder.storage.repositories import guest_standing as standing_repo


@dataclass(frozen=True)
class GuestChange:
    """Only what is given changes: pre-moderation on or off (with a reason); a note is added."""

    premoderated: bool | None = None
    reason: str = ""
    note: str | None = None


@dataclass(frozen=True)
class GuestStanding:
    site_slug: str
    comment_id: int  # the comment it was read from
    guest_ref: str  # how the audit log names this guest (its target_id)
    premoderated: bool
    premoderated_since: datetime | None
    premoderation_reason: str
    ban: GuestBan | None  # the ban in force, if any
    notes: list[Note]  # oldest first, the latest MAX_NOTES_SHOWN
    comments: StatusCounts


async def _view(session: AsyncSession, rt: Runtime, found: GuestComment) -> GuestStanding:
    site_id, key = found.site.id, found.author_key
    premoderation = await standing_repo.premoderation(session, site_id, (key,))
    notes = [
        Note(note.id, note.author_id, author_name, note.text, note.created_at)
        for note, author_name in await standing_repo.notes(session, site_id, key, MAX_NOTES_SHOWN)
    ]
    return GuestStanding(
        site_slug=found.site.slug,
        comment_id=found.comment.id,
        guest_ref=found.ref,
        premoderated=premoderation is not None,
        premoderated_since=premoderation.created_at if premoderation else None,
        premoderation_reason=premoderation.reason if premoderation else "",
        ban=await guest_bans.active_ban(session, rt, found),
        notes=notes,
        comments=await status_counts(session, site_id, author_key=key),
    )


async def get(
    session: AsyncSession, rt: Runtime, site_slug: str, comment_id: int, principal: Principal
) -> GuestStanding:
    """The standing of the guest who wrote the comment, for a moderator of its site."""
    found = await guest_bans.guest_comment(session, site_slug, comment_id, principal)
    return await _view(session, rt, found)


def _clean(change: GuestChange) -> tuple[str, str]:
    reason, note = change.reason.strip(), (change.note or "").strip()
    if len(reason) > MAX_BAN_REASON_CHARS:
        raise Invalid(f"A reason is at most {MAX_BAN_REASON_CHARS} characters.")
    if len(note) > MAX_NOTE_CHARS:
        raise Invalid(f"A note is at most {MAX_NOTE_CHARS} characters.")
    return reason, note


async def _audit(
    session: AsyncSession,
    rt: Runtime,
    found: GuestComment,
    principal: Principal,
    action: str,
    *,
    before: dict[str, object] | None,
    after: dict[str, object],
    reason: str = "",
) -> None:
    await audit.record(
        session,
        rt,
        site_id=found.site.id,
        actor=audit.actor_of(principal),
        action=action,
        target_type="guest",
        target_id=found.ref,
        before=before,
        after={**after, "comment_id": found.comment.id},
        reason=reason,
    )


async def _premoderate(
    session: AsyncSession, rt: Runtime, found: GuestComment, reason: str, principal: Principal
) -> None:
    row = GuestPremoderation(
        site_id=found.site.id,
        author_key=found.author_key,
        reason=reason,
        created_by_id=principal.account_id,
        created_at=rt.now(),
    )
    if await standing_repo.put_premoderation(session, row):  # already on: nothing changes
        await _audit(
            session, rt, found, principal, "guest.premoderate",
            before={"premoderated": False}, after={"premoderated": True}, reason=reason,
        )  # fmt: skip


async def _unpremoderate(
    session: AsyncSession, rt: Runtime, found: GuestComment, reason: str, principal: Principal
) -> None:
    if await standing_repo.remove_premoderation(session, found.site.id, found.author_key):
        await _audit(
            session, rt, found, principal, "guest.unpremoderate",
            before={"premoderated": True}, after={"premoderated": False}, reason=reason,
        )  # fmt: skip


async def _add_note(
    session: AsyncSession, rt: Runtime, found: GuestComment, text: str, principal: Principal
) -> None:
    await standing_repo.add_note(
        session,
        GuestNote(
            site_id=found.site.id,
            author_key=found.author_key,
            author_id=principal.account_id,
            text=text,
            created_at=rt.now(),
        ),
    )
    await _audit(session, rt, found, principal, "guest.note", before=None, after={"note": text})


async def change(
    session: AsyncSession,
    rt: Runtime,
    site_slug: str,
    comment_id: int,
    wanted: GuestChange,
    principal: Principal,
) -> GuestStanding:
    """Turn always-pre-moderate on or off and/or add a note, for the comment's guest author;
    the standing after it. A blank note adds nothing; notes are never overwritten."""
    found = await guest_bans.guest_comment(session, site_slug, comment_id, principal)
    reason, note = _clean(wanted)
    if wanted.premoderated is True:
        await _premoderate(session, rt, found, reason, principal)
    elif wanted.premoderated is False:
        await _unpremoderate(session, rt, found, reason, principal)
    if note:
        await _add_note(session, rt, found, note, principal)
    await session.flush()
    return await _view(session, rt, found)
