"""Display names against the database: staff names nobody else may look like, and names held by
sign-ups that are not confirmed yet (which hold against nobody).

The pure rules (characters, reserved words, skeletons) are in domain/names.py.
"""

from __future__ import annotations

import secrets
import time
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.errors import Invalid
from rejoinder.domain.names import name_key
from rejoinder.storage.models import Account
from rejoinder.storage.repositories import accounts as account_repo
from rejoinder.storage.repositories import roles as role_repo

if TYPE_CHECKING:
    from rejoinder.services.runtime import Runtime

PLACEHOLDER_BASE = "Reader"
STAFF_NAMES_SECONDS = 10.0


class StaffNames:
    """The staff's name keys, kept for a few seconds: every guest post is checked against them,
    and finding the admins reads the whole accounts table. A change of role or of name in this
    process drops them at once (`forget`); other processes follow within `seconds`."""

    def __init__(self, seconds: float = STAFF_NAMES_SECONDS) -> None:
        self.seconds = seconds
        self._keys: list[tuple[int, str]] | None = None
        self._loaded_at = 0.0

    async def keys(self, session: AsyncSession) -> list[tuple[int, str]]:
        """(account id, name key) of every admin and every moderator of any site."""
        now = time.monotonic()
        if self._keys is None or now - self._loaded_at >= self.seconds:
            staff = await role_repo.staff_names(session)
            self._keys = [(account_id, name_key(name)) for account_id, name in staff]
            self._loaded_at = now
        return self._keys

    def forget(self) -> None:
        self._keys = None


async def is_staff_name(
    session: AsyncSession, rt: Runtime, name: str, account_id: int | None = None
) -> bool:
    """The name reads as an admin's or a moderator's, other than `account_id`'s own."""
    key = name_key(name)
    return any(
        holder != account_id and staff_key == key
        for holder, staff_key in await rt.staff_names.keys(session)
    )


async def check_not_staff(session: AsyncSession, rt: Runtime, name: str) -> str:
    """A guest's name, unless it reads as a staff member's (in any letters)."""
    if await is_staff_name(session, rt, name):
        raise Invalid(f"The name '{name}' belongs to a member of staff; please choose another.")
    return name


def is_pending(account: Account) -> bool:
    """A password sign-up whose address is not confirmed yet: it cannot comment, and its name is
    shown nowhere."""
    return account.password_hash is not None and account.email_verified_at is None


def placeholder_name() -> str:
    """For a pending sign-up that gave its name up; parentheses are not allowed in names readers
    choose, so none of theirs can collide with it. The reader picks a name once confirmed."""
    return f"{PLACEHOLDER_BASE} ({secrets.token_hex(4)})"


async def make_free_for(session: AsyncSession, name: str, account_id: int | None) -> bool:
    """Whether `account_id` (None: a new account) may take `name`: it is free, theirs already, or
    held by a pending sign-up, which then gives it up.

    A pending sign-up holding its name would tell strangers whether the address it was made with
    already had an account: signing up again with a confirmed address creates nothing.
    """
    holder = await account_repo.by_display_name(session, name)
    if holder is None or holder.id == account_id:
        return True
    if not is_pending(holder):
        return False
    holder.display_name = placeholder_name()
    await session.flush()
    return True
