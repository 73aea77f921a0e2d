"""The moderation audit trail."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.storage.models import ModerationDecision


async def add(session: AsyncSession, decision: ModerationDecision) -> None:
    session.add(decision)
    await session.flush()


def add_pending(session: AsyncSession, decision: ModerationDecision) -> None:
    session.add(decision)  # written with the transaction's other changes


async def for_comment(session: AsyncSession, comment_id: int) -> list[ModerationDecision]:
    result = await session.execute(
        select(ModerationDecision)
        .where(ModerationDecision.comment_id == comment_id)
        .order_by(ModerationDecision.id)
    )
    return list(result.scalars())
