"""The moderation audit trail."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.storage.models import ModerationDecision


async def add(session: AsyncSession, decision: ModerationDecision) -> None:
    session.add(decision)
    await session.flush()


async def add_new(session: AsyncSession, decisions: Sequence[Mapping[str, Any]]) -> None:
    """The decisions of new comments, in one statement (an executemany): nothing reads them
    back in the transaction that writes them, so they need no objects in the session."""
    if decisions:
        await session.execute(insert(cast(Table, ModerationDecision.__table__)), list(decisions))


async def for_comment(session: AsyncSession, comment_id: int) -> list[ModerationDecision]:
    result = await session.execute(
        select(ModerationDecision)
        .where(ModerationDecision.comment_id == comment_id)
        .order_by(ModerationDecision.id)
    )
    return list(result.scalars())
