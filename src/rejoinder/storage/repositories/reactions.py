"""Queries on reactions."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.storage.models import Reaction


async def exists(session: AsyncSession, comment_id: int, reader_key: str, kind: str) -> bool:
    result = await session.execute(
        select(Reaction.id).where(
            Reaction.comment_id == comment_id,
            Reaction.reader_key == reader_key,
            Reaction.kind == kind,
        )
    )
    return result.first() is not None


async def add(session: AsyncSession, comment_id: int, reader_key: str, kind: str) -> None:
    session.add(Reaction(comment_id=comment_id, reader_key=reader_key, kind=kind))
    await session.flush()


async def remove(session: AsyncSession, comment_id: int, reader_key: str, kind: str) -> bool:
    result = await session.execute(
        delete(Reaction).where(
            Reaction.comment_id == comment_id,
            Reaction.reader_key == reader_key,
            Reaction.kind == kind,
        )
    )
    return bool(getattr(result, "rowcount", 0))
