"""Queries on one-use mail keys (verify an address, reset a password)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.storage.models import EmailToken


async def add(session: AsyncSession, row: EmailToken) -> EmailToken:
    session.add(row)
    await session.flush()
    return row


async def claim(
    session: AsyncSession, token_hash: str, purpose: str, now: datetime
) -> EmailToken | None:
    """Mark a live key used and return it; None if unknown, expired or already used.

    One UPDATE decides, so two requests racing with the same key cannot both win.
    """
    result = await session.execute(
        update(EmailToken)
        .where(
            EmailToken.token_hash == token_hash,
            EmailToken.purpose == purpose,
            EmailToken.used_at.is_(None),
            EmailToken.expires_at > now,
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        return None
    return await session.get(EmailToken, token_hash, populate_existing=True)


async def live(
    session: AsyncSession, token_hash: str, purpose: str, now: datetime
) -> EmailToken | None:
    """The key if it is unused and unexpired, without using it (a confirmation page's GET)."""
    result = await session.execute(
        select(EmailToken).where(
            EmailToken.token_hash == token_hash,
            EmailToken.purpose == purpose,
            EmailToken.used_at.is_(None),
            EmailToken.expires_at > now,
        )
    )
    return result.scalar_one_or_none()


async def retire(session: AsyncSession, account_id: int, purpose: str, now: datetime) -> None:
    """End every unused key of one purpose (a newer one replaced them, or one was used)."""
    await session.execute(
        update(EmailToken)
        .where(
            EmailToken.account_id == account_id,
            EmailToken.purpose == purpose,
            EmailToken.used_at.is_(None),
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )


async def delete_of(session: AsyncSession, account_id: int, purpose: str) -> None:
    """Drop every key of one purpose, used or not: a new one replaces them (one row each)."""
    await session.execute(
        delete(EmailToken).where(EmailToken.account_id == account_id, EmailToken.purpose == purpose)
    )
