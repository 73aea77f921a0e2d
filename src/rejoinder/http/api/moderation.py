"""The moderators' API: queues, decisions, readers' standing and who moderates (SECURITY 27).

Every endpoint needs a signed-in moderator of the site (or an admin): 401 without a sign-in,
403 for anyone else. Callers are the dashboard (session cookie + CSRF token) or a newsroom's
server (an API token), so no Origin is required here; writes still need JSON.
"""

from __future__ import annotations

from fastapi import APIRouter, Response

from rejoinder.domain.enums import QueueKind, QueueSort
from rejoinder.domain.limits import DEFAULT_PAGE_SIZE
from rejoinder.http.api import JsonBody
from rejoinder.http.api.stories import story_out
from rejoinder.http.deps import AccountDep, RuntimeDep, SessionDep
from rejoinder.http.params import Cursor, IdPath, Limit
from rejoinder.http.responses import json_response
from rejoinder.http.schemas.errors import errors
from rejoinder.http.schemas.moderation import (
    CommentCountsOut,
    DecisionIn,
    DecisionOut,
    FeaturedIn,
    FeaturedOut,
    GuestBanIn,
    GuestBanOut,
    GuestStandingIn,
    GuestStandingOut,
    ModeratorIn,
    ModeratorOut,
    NoteAuthorOut,
    NoteOut,
    QueuePageOut,
    UserStateIn,
    UserStateOut,
    queue_page_out,
)
from rejoinder.http.schemas.stories import QaIn, StoryOut
from rejoinder.services import (
    guest_bans,
    guest_standing,
    moderation_actions,
    qa,
    queue_actions,
    queues,
    roles,
    user_states,
)
from rejoinder.services.guest_bans import BanOnAuthor
from rejoinder.services.guest_standing import GuestChange, GuestStanding
from rejoinder.services.queues import QueueQuery
from rejoinder.services.user_states import Note, StateChange, StateOfUser

router = APIRouter(tags=["moderation"])

# Every route needs a moderator's (or an admin's) sign-in; writes carry JSON.
READ = errors(401, 403)
WRITE = errors(400, 401, 403, 409, 415)


@router.get(
    "/sites/{site}/moderation/queue", response_model=QueuePageOut, responses=errors(400, 401, 403)
)
async def moderation_queue(
    site: str,
    session: SessionDep,
    runtime: RuntimeDep,
    principal: AccountDep,
    status: QueueKind = "pending",
    sort: QueueSort = "oldest",
    limit: Limit = DEFAULT_PAGE_SIZE,
    cursor: Cursor = None,
) -> Response:
    """A queue of the site: held (`pending`), `reported`, `flagged`, `illegal` (DSA notices),
    or `all`, `approved`, `rejected`; oldest first, or `sort=risk` (riskiest first, as the
    dashboard shows it, each item's `risk` saying why) or `newest`."""
    query = QueueQuery(kind=status, sort=sort, limit=limit, cursor=cursor)
    page = await queues.queue(session, runtime, site, principal, query)
    # orjson writes the times (`+00:00`, as this answer always has), not Pydantic's JSON (`Z`).
    return json_response(queue_page_out(page).model_dump())


@router.post(
    "/sites/{site}/moderation/comments/{comment_id}",
    response_model=DecisionOut,
    responses=WRITE,
    dependencies=[JsonBody],
)
async def decide_comment(
    site: str,
    comment_id: IdPath,
    payload: DecisionIn,
    session: SessionDep,
    runtime: RuntimeDep,
    principal: AccountDep,
) -> DecisionOut:
    """Approve (publish) or reject a comment; recorded with the moderator as actor. A
    rejection makes a statement of reasons (EU DSA Art. 17) on its `grounds`."""
    grounds = payload.grounds.given() if payload.grounds is not None else None
    comment = await moderation_actions.decide(
        session, runtime, site, comment_id, payload.action, payload.reason, principal, grounds
    )
    return DecisionOut(id=comment.id, status=comment.status, action=payload.action)


@router.put(
    "/sites/{site}/moderation/comments/{comment_id}/featured",
    response_model=FeaturedOut,
    responses=WRITE,
    dependencies=[JsonBody],
)
async def set_comment_featured(
    site: str,
    comment_id: IdPath,
    payload: FeaturedIn,
    session: SessionDep,
    runtime: RuntimeDep,
    principal: AccountDep,
) -> FeaturedOut:
    """Feature a published comment (a 409 for any other), or stop featuring it; the same again
    changes nothing. Readers see it at once: the first page's `featured` box, the comment's
    `featured`, `?filter=featured`. Its author is told the first time (inbox and mail)."""
    comment = await queue_actions.feature(
        session, runtime, site, comment_id, payload.featured, principal
    )
    return FeaturedOut(id=comment.id, featured=comment.featured_at is not None)


@router.put(
    "/sites/{site}/moderation/stories/{story}/qa",
    response_model=StoryOut,
    responses=WRITE,
    dependencies=[JsonBody],
)
async def set_story_qa(
    site: str,
    story: str,
    payload: QaIn,
    session: SessionDep,
    runtime: RuntimeDep,
    principal: AccountDep,
) -> StoryOut:
    """Turn a story's Q&A mode on or off and name its experts (they replace the story's; a 400
    for an account that may not comment on the site or is banned there). In Q&A mode each
    top-level comment is a question (`answered`, `?filter=answered|unanswered`), the experts'
    comments are marked `expert` and skip the pre-moderation hold. Readers see it at once."""
    start = qa.StoryStart(payload.story_url, payload.story_title) if payload.story_url else None
    found = await qa.set_mode(
        session, runtime, site, story, payload.enabled, payload.experts, principal, start
    )
    return story_out(found)


def _change(payload: UserStateIn) -> StateChange:
    given = payload.model_fields_set
    return StateChange(
        banned=payload.banned,
        premoderated=payload.premoderated,
        suspended_until=payload.suspended_until,
        clear_suspension="suspended_until" in given and payload.suspended_until is None,
        note=payload.note,
    )


def _notes_out(notes: list[Note]) -> list[NoteOut]:
    return [
        NoteOut(
            id=note.id,
            author=NoteAuthorOut(account_id=note.author_id, name=note.author_name),
            text=note.text,
            created_at=note.created_at,
        )
        for note in notes
    ]


def _state_out(found: StateOfUser) -> UserStateOut:
    notes = _notes_out(found.notes)
    return UserStateOut(
        account_id=found.account_id,
        site=found.site_slug,
        banned=found.banned,
        suspended_until=found.suspended_until,
        premoderated=found.premoderated,
        note=found.latest_note,
        notes=notes,
        updated_at=found.updated_at,
    )


@router.get(
    "/sites/{site}/moderation/users/{account_id}", response_model=UserStateOut, responses=READ
)
async def get_user_state(
    site: str, account_id: IdPath, session: SessionDep, principal: AccountDep
) -> UserStateOut:
    """A reader's standing on this site and the moderators' notes on them."""
    return _state_out(await user_states.get_on_site(session, site, account_id, principal))


@router.put(
    "/sites/{site}/moderation/users/{account_id}",
    response_model=UserStateOut,
    responses=WRITE,
    dependencies=[JsonBody],
)
async def set_user_state(
    site: str,
    account_id: IdPath,
    payload: UserStateIn,
    session: SessionDep,
    runtime: RuntimeDep,
    principal: AccountDep,
) -> UserStateOut:
    """Ban, suspend or always pre-moderate a reader on this site; a `note` is added to the list."""
    found = await user_states.set_on_site(
        session, runtime, site, account_id, _change(payload), principal
    )
    return _state_out(found)


@router.get("/admin/users/{account_id}", response_model=UserStateOut, responses=READ)
async def get_user_state_everywhere(
    account_id: IdPath, session: SessionDep, principal: AccountDep
) -> UserStateOut:
    """The install-wide standing and its notes (admins only)."""
    return _state_out(await user_states.get_everywhere(session, account_id, principal))


@router.put(
    "/admin/users/{account_id}",
    response_model=UserStateOut,
    responses=WRITE,
    dependencies=[JsonBody],
)
async def set_user_state_everywhere(
    account_id: IdPath,
    payload: UserStateIn,
    session: SessionDep,
    runtime: RuntimeDep,
    principal: AccountDep,
) -> UserStateOut:
    """The same, on every site of the install (admins only)."""
    found = await user_states.set_everywhere(
        session, runtime, account_id, _change(payload), principal
    )
    return _state_out(found)


def _ban_out(found: BanOnAuthor) -> GuestBanOut:
    ban = found.ban
    return GuestBanOut(
        site=found.site_slug,
        comment_id=ban.comment_id,
        expires_at=ban.expires_at,
        reason=ban.reason,
        created_at=ban.created_at,
    )


BAN_AUTHOR = "/sites/{site}/moderation/comments/{comment_id}/ban-author"


@router.post(
    BAN_AUTHOR,
    status_code=201,
    response_model=GuestBanOut,
    responses=WRITE,
    dependencies=[JsonBody],
)
async def ban_comment_author(
    site: str,
    comment_id: IdPath,
    payload: GuestBanIn,
    session: SessionDep,
    runtime: RuntimeDep,
    principal: AccountDep,
) -> GuestBanOut:
    """Ban the guest who wrote this comment from the site until a time (by network identity)."""
    found = await guest_bans.ban_author(
        session, runtime, site, comment_id, payload.until, payload.reason, principal
    )
    return _ban_out(found)


# A comment by an account, an imported or a deleted one names no guest to ban: 409.
@router.get(BAN_AUTHOR, response_model=GuestBanOut, responses=errors(401, 403, 409))
async def get_comment_author_ban(
    site: str, comment_id: IdPath, session: SessionDep, runtime: RuntimeDep, principal: AccountDep
) -> GuestBanOut:
    """The ban in force on the comment's guest author; 404 when there is none."""
    return _ban_out(await guest_bans.ban_on_author(session, runtime, site, comment_id, principal))


@router.delete(BAN_AUTHOR, status_code=204, responses=errors(401, 403, 409))
async def lift_comment_author_ban(
    site: str, comment_id: IdPath, session: SessionDep, runtime: RuntimeDep, principal: AccountDep
) -> Response:
    """Lift the ban in force on the comment's guest author; 404 when there is none."""
    await guest_bans.lift(session, runtime, site, comment_id, principal)
    return Response(status_code=204)


def _standing_out(found: GuestStanding) -> GuestStandingOut:
    counts = found.comments
    return GuestStandingOut(
        site=found.site_slug,
        comment_id=found.comment_id,
        guest=found.guest_ref,
        premoderated=found.premoderated,
        premoderated_since=found.premoderated_since,
        premoderation_reason=found.premoderation_reason,
        ban=_ban_out(BanOnAuthor(found.ban, found.site_slug)) if found.ban else None,
        notes=_notes_out(found.notes),
        comments=CommentCountsOut(
            published=counts.published, pending=counts.pending, rejected=counts.rejected
        ),
    )


GUEST_AUTHOR = "/sites/{site}/moderation/comments/{comment_id}/author"


# As for bans: a comment by an account, an imported or a deleted one names no guest: 409.
@router.get(GUEST_AUTHOR, response_model=GuestStandingOut, responses=errors(401, 403, 409))
async def get_comment_author_standing(
    site: str, comment_id: IdPath, session: SessionDep, runtime: RuntimeDep, principal: AccountDep
) -> GuestStandingOut:
    """The standing of the guest who wrote this comment: notes, always-pre-moderate, the ban in
    force and their comments on the site by status."""
    found = await guest_standing.get(session, runtime, site, comment_id, principal)
    return _standing_out(found)


@router.put(GUEST_AUTHOR, response_model=GuestStandingOut, responses=WRITE, dependencies=[JsonBody])
async def set_comment_author_standing(
    site: str,
    comment_id: IdPath,
    payload: GuestStandingIn,
    session: SessionDep,
    runtime: RuntimeDep,
    principal: AccountDep,
) -> GuestStandingOut:
    """Always pre-moderate the guest who wrote this comment (or stop), and/or add a note."""
    wanted = GuestChange(
        premoderated=payload.premoderated, reason=payload.reason, note=payload.note
    )
    found = await guest_standing.change(session, runtime, site, comment_id, wanted, principal)
    return _standing_out(found)


@router.get("/sites/{site}/moderators", response_model=list[ModeratorOut], responses=READ)
async def list_moderators(
    site: str, session: SessionDep, principal: AccountDep
) -> list[ModeratorOut]:
    accounts = await roles.list_for_staff(session, site, principal)
    return [ModeratorOut(account_id=a.id, display_name=a.display_name) for a in accounts]


@router.post(
    "/sites/{site}/moderators",
    status_code=201,
    response_model=ModeratorOut,
    responses=WRITE,
    dependencies=[JsonBody],
)
async def add_moderator(
    site: str,
    payload: ModeratorIn,
    session: SessionDep,
    runtime: RuntimeDep,
    principal: AccountDep,
) -> ModeratorOut:
    """Make an account a moderator of the site (admins only)."""
    account = await roles.add_by_admin(session, runtime, site, payload.account_id, principal)
    return ModeratorOut(account_id=account.id, display_name=account.display_name)


@router.delete("/sites/{site}/moderators/{account_id}", status_code=204, responses=READ)
async def remove_moderator(
    site: str, account_id: IdPath, session: SessionDep, runtime: RuntimeDep, principal: AccountDep
) -> Response:
    """Take the moderator role away (admins only)."""
    await roles.remove_by_admin(session, runtime, site, account_id, principal)
    return Response(status_code=204)
