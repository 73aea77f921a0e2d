"""A signed-in reader's inbox: the notifications the widget's bell lists (docs/notifications.md).

Items are made by event handlers run as durable jobs, once each (a unique source per account):
a reply to one of the reader's comments here, the moderators' outcomes in services/outcomes.py.
Guests have no inbox. What an item shows (the names, the excerpt, the story) is read with it,
so a rename shows and a reply removed since is left out; items older than 90 days are purged by
the hourly housekeeping.

The posting path pays a job only for a new comment that is a reply (seen on the row the session
already holds, no statement); whether its parent's author has an inbox is looked up in the job.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.util import identity_key

from rejoinder.domain.enums import CommentStatus, SortOrder
from rejoinder.domain.errors import BadRequest
from rejoinder.domain.events import CommentPublished
from rejoinder.domain.inbox import KEEP, MAX_MARK, InboxKind, excerpt
from rejoinder.domain.limits import MAX_PAGE_SIZE
from rejoinder.domain.paging import Keyset
from rejoinder.domain.principal import Principal
from rejoinder.platform import cursors
from rejoinder.services import access, events
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import Comment, Site
from rejoinder.storage.repositories import comments as comment_repo
from rejoinder.storage.repositories import inbox as repo
from rejoinder.storage.repositories import mutes as mute_repo
from rejoinder.storage.repositories.inbox import ItemRow

DEFAULT_LIMIT = 20


@dataclass(frozen=True)
class Item:
    """One notification as the API gives it."""

    id: int
    kind: InboxKind
    created_at: datetime
    read: bool
    comment_id: int  # the comment to show: the reply for a reply, the reader's own otherwise
    story_key: str
    story_title: str
    story_url: str
    actor_name: str | None  # the replier, for a reply
    excerpt: str
    reason: str | None  # a rejection's summary of reasons


@dataclass(frozen=True)
class Page:
    items: list[Item]
    unread: int
    next_cursor: str | None


# --- making items ----------------------------------------------------------------------------


async def add_item(
    session: AsyncSession,
    rt: Runtime,
    *,
    account_id: int,
    comment: Comment,
    kind: InboxKind,
    source: str,
    cause: Comment | None = None,
    reason: str | None = None,
) -> bool:
    """Tell the account about `comment` (theirs); False when `source` told them already."""
    values: dict[str, object] = {
        "account_id": account_id, "site_id": comment.site_id, "kind": kind.value,
        "comment_id": comment.id, "cause_id": cause.id if cause else None, "source": source,
        "reason": reason, "created_at": rt.now(),
    }  # fmt: skip
    return await repo.add(session, values) is not None


def _loaded(session: AsyncSession, comment_id: int) -> Comment | None:
    """The comment if this session holds it with its parent loaded (no query either way)."""
    found = session.sync_session.identity_map.get(identity_key(Comment, comment_id))
    if isinstance(found, Comment) and "parent_id" not in inspect(found).unloaded:
        return found
    return None


async def _may_be_a_reply(session: AsyncSession, _rt: Runtime, event: CommentPublished) -> bool:
    """No job for a new top-level comment; an approval (not new) may publish a reply."""
    row = _loaded(session, event.comment_id) if event.new else None
    return row is None or row.parent_id is not None


@events.on(CommentPublished, "inbox.reply", when=_may_be_a_reply)
async def _reply_published(session: AsyncSession, rt: Runtime, event: CommentPublished) -> None:
    """A published reply to a signed-in reader's comment, by someone else they did not mute."""
    reply = await comment_repo.get(session, event.comment_id)
    if reply is None or reply.parent_id is None or reply.status != CommentStatus.PUBLISHED:
        return
    parent = await comment_repo.get(session, reply.parent_id)
    if parent is None or parent.author_account_id is None:
        return  # a guest's comment: guests have no inbox
    owner, replier = parent.author_account_id, reply.author_account_id
    if parent.status == CommentStatus.DELETED or owner == replier:
        return
    if replier is not None and await mute_repo.get(session, owner, replier) is not None:
        return
    await add_item(
        session, rt, account_id=owner, comment=parent, kind=InboxKind.REPLY,
        source=f"reply:{reply.id}", cause=reply,
    )  # fmt: skip


# --- the reader's API ------------------------------------------------------------------------


async def _site_of_reader(session: AsyncSession, site_slug: str, principal: Principal) -> Site:
    """The site, for a sign-in that may speak for it (an SSO session speaks for its own)."""
    site = await access.access_site(session, site_slug)
    access.check_principal_for_site(site, principal)
    return site


def _item(row: ItemRow) -> Item:
    item, shown, story = row.item, row.shown, row.story
    kind = InboxKind(item.kind)
    return Item(
        id=item.id,
        kind=kind,
        created_at=item.created_at,
        read=item.read_at is not None,
        comment_id=shown.id,
        story_key=story.key,
        story_title=story.title,
        story_url=story.url,
        actor_name=shown.author_name if kind is InboxKind.REPLY else None,
        excerpt=excerpt(shown.body_html),
        reason=item.reason if kind is InboxKind.REJECTED else None,
    )


async def page(
    session: AsyncSession,
    site_slug: str,
    principal: Principal,
    limit: int = DEFAULT_LIMIT,
    cursor: str | None = None,
) -> Page:
    """The reader's items on the site, newest first, a page at a time, with the unread count."""
    site = await _site_of_reader(session, site_slug, principal)
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise BadRequest(f"limit must be between 1 and {MAX_PAGE_SIZE}.")
    after = cursors.decode(SortOrder.NEWEST, cursor) if cursor else None
    rows = await repo.newest_first(session, principal.account_id, site.id, limit + 1, after)
    shown = rows[:limit]
    next_cursor = None
    if len(rows) > limit:
        last = shown[-1].item
        next_cursor = cursors.encode(SortOrder.NEWEST, Keyset(last.created_at, last.id))
    unread = await repo.unread(session, principal.account_id, site.id)
    return Page([_item(row) for row in shown], unread, next_cursor)


async def unread(session: AsyncSession, site_slug: str, principal: Principal) -> int:
    site = await _site_of_reader(session, site_slug, principal)
    return await repo.unread(session, principal.account_id, site.id)


async def mark_read(
    session: AsyncSession,
    rt: Runtime,
    site_slug: str,
    principal: Principal,
    ids: Sequence[int] | None,
) -> int:
    """Mark the reader's items read (those of `ids`, or all: `ids` None); ids that are not
    theirs change nothing and are not told apart. Returns the unread count after."""
    site = await _site_of_reader(session, site_slug, principal)
    if ids is not None and len(ids) > MAX_MARK:
        raise BadRequest(f'At most {MAX_MARK} ids at once; or send {{"all": true}}.')
    if ids is None or ids:
        await repo.mark_read(session, principal.account_id, site.id, ids, rt.now())
    return await repo.unread(session, principal.account_id, site.id)


# --- privacy and housekeeping ----------------------------------------------------------------


async def exported(session: AsyncSession, account_id: int) -> list[dict[str, object]]:
    """The account's items on every site, for its data download."""
    return [
        {
            "site": slug, "kind": item.kind, "comment_id": item.comment_id,
            "cause_id": item.cause_id, "reason": item.reason, "created_at": item.created_at,
            "read_at": item.read_at,
        }
        for item, slug in await repo.of_account(session, account_id)
    ]  # fmt: skip


async def forget_account(session: AsyncSession, account_id: int) -> None:
    await repo.delete_of_account(session, account_id)


async def purge_old(session: AsyncSession, rt: Runtime) -> None:
    """Items older than 90 days go (the hourly `housekeeping.purge`)."""
    await repo.purge(session, rt.now() - KEEP)
