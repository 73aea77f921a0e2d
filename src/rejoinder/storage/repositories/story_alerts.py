"""Queries on story alerts (story surges raised to the moderators), one row per story."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import case, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.storage.models import Story, StoryAlert


async def raise_alert(
    session: AsyncSession, site_id: int, story_id: int, evidence: dict[str, Any], now: datetime
) -> None:
    """Open the story's alert, or count one more held comment on the open one, in one statement
    (two app servers raising it at once both succeed)."""
    insert = sqlite_insert if session.get_bind().dialect.name == "sqlite" else postgresql_insert
    statement = insert(StoryAlert).values(
        site_id=site_id,
        story_id=story_id,
        is_open=True,
        opened_at=now,
        last_seen_at=now,
        held=1,
        evidence=evidence,
    )
    reopened = StoryAlert.is_open.is_(False)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["story_id"],
            set_={
                "is_open": True,
                "opened_at": case(
                    (reopened, statement.excluded.opened_at), else_=StoryAlert.opened_at
                ),
                "held": case((reopened, 1), else_=StoryAlert.held + 1),
                "last_seen_at": statement.excluded.last_seen_at,
                "evidence": statement.excluded.evidence,
            },
        )
    )


async def open_on_sites(
    session: AsyncSession, site_ids: list[int], limit: int = 20
) -> list[tuple[StoryAlert, Story]]:
    """Open alerts with their stories, the most recently active first."""
    if not site_ids:
        return []
    result = await session.execute(
        select(StoryAlert, Story)
        .join(Story, Story.id == StoryAlert.story_id)
        .where(StoryAlert.site_id.in_(site_ids), StoryAlert.is_open.is_(True))
        .order_by(StoryAlert.last_seen_at.desc(), StoryAlert.id.desc())
        .limit(limit)
    )
    return [(alert, story) for alert, story in result.all()]


async def get_open(session: AsyncSession, site_id: int, alert_id: int) -> StoryAlert | None:
    result = await session.execute(
        select(StoryAlert).where(
            StoryAlert.id == alert_id,
            StoryAlert.site_id == site_id,
            StoryAlert.is_open.is_(True),
        )
    )
    return result.scalar_one_or_none()


async def clear(
    session: AsyncSession, alert_id: int, account_id: int | None, now: datetime
) -> bool:
    """Close it; False when somebody else cleared it first."""
    result = await session.execute(
        update(StoryAlert)
        .where(StoryAlert.id == alert_id, StoryAlert.is_open.is_(True))
        .values(is_open=False, cleared_at=now, cleared_by_id=account_id)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))
