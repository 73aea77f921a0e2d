"""Queries on accounts."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.storage.models import Account


async def get(session: AsyncSession, account_id: int) -> Account | None:
    return await session.get(Account, account_id)


async def by_email(session: AsyncSession, email: str) -> Account | None:
    result = await session.execute(select(Account).where(Account.email == email.lower()))
    return result.scalar_one_or_none()


async def by_display_name(session: AsyncSession, name: str) -> Account | None:
    """Case-insensitive: "Anna" and "anna" are the same name to readers."""
    result = await session.execute(
        select(Account).where(func.lower(Account.display_name) == name.lower())
    )
    return result.scalar_one_or_none()


async def add(session: AsyncSession, account: Account) -> Account:
    session.add(account)
    await session.flush()
    return account
