"""Queries on sign-in sessions and API tokens."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.storage.models import Account, ApiToken, AuthSession


async def add_session(session: AsyncSession, row: AuthSession) -> None:
    session.add(row)
    await session.flush()


async def live_session(
    session: AsyncSession, token_hash: str, now: datetime
) -> tuple[AuthSession, Account] | None:
    result = await session.execute(
        select(AuthSession, Account)
        .join(Account, Account.id == AuthSession.account_id)
        .where(AuthSession.token_hash == token_hash, AuthSession.expires_at > now)
    )
    row = result.first()
    return (row[0], row[1]) if row else None


async def delete_session(session: AsyncSession, token_hash: str) -> None:
    await session.execute(delete(AuthSession).where(AuthSession.token_hash == token_hash))


async def delete_expired_sessions_of(session: AsyncSession, account_id: int, now: datetime) -> None:
    await session.execute(
        delete(AuthSession).where(
            AuthSession.account_id == account_id, AuthSession.expires_at <= now
        )
    )


async def delete_sessions_of(session: AsyncSession, account_id: int) -> None:
    await session.execute(delete(AuthSession).where(AuthSession.account_id == account_id))


async def add_token(session: AsyncSession, row: ApiToken) -> ApiToken:
    session.add(row)
    await session.flush()
    return row


async def live_token(session: AsyncSession, token_hash: str) -> tuple[ApiToken, Account] | None:
    result = await session.execute(
        select(ApiToken, Account)
        .join(Account, Account.id == ApiToken.account_id)
        .where(ApiToken.token_hash == token_hash, ApiToken.revoked_at.is_(None))
    )
    row = result.first()
    return (row[0], row[1]) if row else None


async def revoke_token(session: AsyncSession, token_id: int, now: datetime) -> bool:
    result = await session.execute(
        update(ApiToken)
        .where(ApiToken.id == token_id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    return bool(getattr(result, "rowcount", 0))


async def tokens_of(session: AsyncSession, account_id: int | None = None) -> list[ApiToken]:
    query = select(ApiToken).order_by(ApiToken.id)
    if account_id is not None:
        query = query.where(ApiToken.account_id == account_id)
    return list((await session.execute(query)).scalars())
