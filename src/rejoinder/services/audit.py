"""The audit log (issue 12): who did what to which comment, reader, guest, site or role, and why.

Every service that changes a decision, a reader's or a guest's standing, a note, a site's
settings or a role calls `record` in the same transaction as the change, so that the log and the
change commit or roll back together. Entries are never edited nor deleted: the repository has no
such query and no route offers one.

Actions, by target:

- `comment` (its id): `comment.approve`, `comment.reject` (services/moderation_actions.py);
  `comment.reparent`, an inferred reply a moderator accepted (services/insight.py).
- `account` (its id): `reader.ban`, `reader.unban`, `reader.suspend`, `reader.unsuspend`,
  `reader.premoderate`, `reader.unpremoderate`, `reader.note` (services/user_states.py; site_id
  None for an admin's install-wide decision); `role.add`, `role.remove` (services/roles.py).
- `guest` (`guest_ref`: the first 16 characters of the guest's network identity key, so that every
  entry about one guest shares a target, and never the IP): `guest.ban`, `guest.lift`,
  `guest.note`, `guest.premoderate`, `guest.unpremoderate`; `after` (or `before`) also names the
  `comment_id` the moderator acted from (services/guest_bans.py, services/guest_standing.py).
- `guest_email` (the first 16 characters of the address's keyed hash, never the address):
  `guest_email.forget`, a guest erasing what a site keeps of their address by a mailed link,
  actor `guest`; `after` holds the counts removed (services/guest_forget.py).
- `site` (its slug): `site.create`, `site.settings` (services/sites.py).
- `story` (its id): `story.clear_alert`, a moderator clearing a surge alert; `before` keeps the
  alert's evidence, `after` the story's key (services/surges.py); `story.qa`, its Q&A mode or
  experts changed, `after` also naming the story's key (services/qa.py).

`before`/`after` hold only the fields that changed; `reason` is the moderator's reason (for a
reader's standing, the note sent with the change).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.enums import SortOrder
from rejoinder.domain.errors import BadRequest
from rejoinder.domain.limits import DEFAULT_PAGE_SIZE, MAX_ID, MAX_PAGE_SIZE
from rejoinder.domain.paging import Keyset
from rejoinder.domain.principal import Principal
from rejoinder.platform import cursors
from rejoinder.services import access
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import AuditEntry
from rejoinder.storage.repositories import audit as audit_repo

GUEST_REF_CHARS = 16
MAX_REASON_CHARS = 2_000
_ACTION = re.compile(r"^[a-z_]{1,24}(?:\.(?:[a-z_]{1,23})?)?$")
_TARGET_TYPE = re.compile(r"^[a-z_]{1,24}$")
_MAX_TARGET_ID_CHARS = 64  # the column's length


@dataclass(frozen=True)
class Actor:
    label: str  # "account:<id>", "system" or "cli"
    account_id: int | None = None
    name: str = ""


SYSTEM = Actor("system", None, "system")
CLI = Actor("cli", None, "command line")


def actor_of(principal: Principal) -> Actor:
    return Actor(f"account:{principal.account_id}", principal.account_id, principal.display_name)


def guest_ref(author_key: str) -> str:
    """How the log names a guest: a prefix of their network identity key (an HMAC, not the IP)."""
    return author_key[:GUEST_REF_CHARS]


def _plain(value: Any) -> Any:
    """JSON-ready: times as ISO-8601 strings, inside dicts and lists too."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the keys whose value differs (a key missing on one side counts as None there)."""
    keys = [key for key in {**before, **after} if before.get(key) != after.get(key)]
    return {key: before.get(key) for key in keys}, {key: after.get(key) for key in keys}


async def record(
    session: AsyncSession,
    rt: Runtime | None,
    *,
    site_id: int | None,
    actor: Actor,
    action: str,
    target_type: str,
    target_id: int | str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEntry:
    """Keep one entry; `before`/`after` hold only the fields that the action changed.

    `rt` None: the time is the clock's (a caller without a runtime, such as `sites.update`)."""
    return await audit_repo.add(
        session,
        AuditEntry(
            site_id=site_id,
            actor=actor.label,
            actor_account_id=actor.account_id,
            actor_name=actor.name[:80],
            action=action,
            target_type=target_type,
            target_id=str(target_id),
            before=_plain(before) if before is not None else None,
            after=_plain(after) if after is not None else None,
            reason=reason[:MAX_REASON_CHARS],
            created_at=rt.now() if rt is not None else datetime.now(UTC),
        ),
    )


# Reading the log -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    id: int
    created_at: datetime
    actor_name: str
    actor: str  # "account:<id>", "system" or "cli"
    actor_account_id: int | None
    action: str
    target_type: str
    target_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    reason: str


@dataclass(frozen=True)
class EntryPage:
    items: list[Entry]
    next_cursor: str | None


@dataclass(frozen=True)
class Filters:
    """`action`: exact ("reader.ban"), or a prefix ending in a dot ("reader."); `target_id` needs
    `target_type`; `since`/`until`: whole UTC days, both included (a datetime: from that moment
    on / before that moment)."""

    action: str | None = None
    actor_account_id: int | None = None
    target_type: str | None = None
    target_id: str | None = None
    since: date | None = None
    until: date | None = None


def _entry(row: AuditEntry) -> Entry:
    return Entry(
        id=row.id,
        created_at=row.created_at,
        actor_name=row.actor_name,
        actor=row.actor,
        actor_account_id=row.actor_account_id,
        action=row.action,
        target_type=row.target_type,
        target_id=row.target_id,
        before=row.before,
        after=row.after,
        reason=row.reason,
    )


def _moment(day: date, *, end: bool) -> datetime:
    """A date as the UTC moment its day starts (or, for an end, the next day starts)."""
    if isinstance(day, datetime):
        return day.replace(tzinfo=UTC) if day.tzinfo is None else day.astimezone(UTC)
    start = datetime.combine(day, time(0), tzinfo=UTC)
    return start + timedelta(days=1) if end else start


def _check_action(action: str) -> None:
    if not _ACTION.match(action):
        raise BadRequest(
            f"'{action[:60]}' is not an action: give one like 'reader.ban', or a prefix like "
            "'reader.'."
        )


def _check_target(target_type: str | None, target_id: str | None) -> None:
    if target_type is not None and not _TARGET_TYPE.match(target_type):
        raise BadRequest(
            f"'{target_type[:40]}' is not a target type (comment, account, guest, site, ...)."
        )
    if target_id is None:
        return
    if target_type is None:
        raise BadRequest("A target id needs its target type (for example account:42).")
    if not 1 <= len(target_id) <= _MAX_TARGET_ID_CHARS or not target_id.isprintable():
        raise BadRequest(f"A target id is 1-{_MAX_TARGET_ID_CHARS} printable characters.")


def _where(filters: Filters) -> audit_repo.Where:
    if filters.action is not None:
        _check_action(filters.action)
    if filters.actor_account_id is not None and not 1 <= filters.actor_account_id <= MAX_ID:
        raise BadRequest(f"An actor's account id is 1 to {MAX_ID}.")
    _check_target(filters.target_type, filters.target_id)
    since = _moment(filters.since, end=False) if filters.since is not None else None
    until = _moment(filters.until, end=True) if filters.until is not None else None
    if since is not None and until is not None and since >= until:
        raise BadRequest("'since' must come before 'until'.")
    prefix = filters.action if filters.action and filters.action.endswith(".") else None
    return audit_repo.Where(
        action=None if prefix else filters.action,
        action_prefix=prefix,
        actor_account_id=filters.actor_account_id,
        target_type=filters.target_type,
        target_id=filters.target_id,
        since=since,
        until=until,
    )


def _day(text: str, name: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise BadRequest(f"'{name}' is a date like 2026-12-01, not '{text[:40]}'.") from error


def _actor_id(text: str) -> int:
    if not text.isascii() or not text.isdigit() or len(text) > 10:
        raise BadRequest(f"'actor' is an account id (a number), not '{text[:40]}'.")
    return int(text)


def parse_filters(
    *,
    action: str | None = None,
    actor: str | None = None,
    target: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> Filters:
    """Filters from a query string's texts (the dashboard's form); blank means "any".

    `actor` is an account id; `target` is `type` or `type:id` (`account:42`, `guest:3fa2...`,
    `comment:7`); `since`/`until` are dates (YYYY-MM-DD). Anything else is a 400 saying why."""
    target_type, _, target_id = (target or "").strip().partition(":")
    filters = Filters(
        action=(action or "").strip() or None,
        actor_account_id=_actor_id(actor.strip()) if actor and actor.strip() else None,
        target_type=target_type or None,
        target_id=target_id or None,
        since=_day(since.strip(), "since") if since and since.strip() else None,
        until=_day(until.strip(), "until") if until and until.strip() else None,
    )
    _where(filters)  # refuse now what the listing would refuse
    return filters


def _check_limit(limit: int) -> None:
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise BadRequest(f"'limit' is 1 to {MAX_PAGE_SIZE}.")


async def entries(
    session: AsyncSession,
    site_slug: str,
    principal: Principal,
    filters: Filters = Filters(),
    limit: int = DEFAULT_PAGE_SIZE,
    cursor: str | None = None,
) -> EntryPage:
    """The site's log for its moderators and admins, newest first, a page at a time."""
    site = await access.access_site_as_moderator(session, site_slug, principal)
    where = _where(filters)
    _check_limit(limit)
    after = cursors.decode(SortOrder.NEWEST, cursor) if cursor else None
    rows = await audit_repo.newest_first(session, site.id, where, limit + 1, after)
    page = rows[:limit]
    next_cursor = None
    if len(rows) > limit:
        last = page[-1]
        next_cursor = cursors.encode(SortOrder.NEWEST, Keyset(last.created_at, last.id))
    return EntryPage([_entry(row) for row in page], next_cursor)


async def export_entries(session: AsyncSession, site_slug: str, since: date | None) -> list[Entry]:
    """Every entry of the site (since a UTC day, if given), oldest first: the operator's export
    (`rejoinder audit export`), unchecked; the dashboard's download uses `export_for_staff`."""
    site = await access.access_site(session, site_slug)
    start = _moment(since, end=False) if since is not None else None
    return [_entry(row) for row in await audit_repo.oldest_first(session, site.id, start)]


async def export_for_staff(
    session: AsyncSession, site_slug: str, principal: Principal, since: date | None
) -> list[Entry]:
    """`export_entries` for the site's moderators and admins only."""
    site = await access.access_site_as_moderator(session, site_slug, principal)
    return await export_entries(session, site.slug, since)
