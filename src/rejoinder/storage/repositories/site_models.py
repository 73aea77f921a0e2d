"""Versions of sites' learnt heads, and the moderators' decisions they learn from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.enums import CommentStatus, DecisionAction
from rejoinder.storage.models import Comment, ModerationDecision, SiteModel

ACTIVE = "active"
RETIRED = "retired"
REFUSED = "refused"
_MODERATOR_VERDICTS = (DecisionAction.APPROVE.value, DecisionAction.REJECT.value)


@dataclass(frozen=True)
class Decided:
    """A comment's latest moderator decision, with what the head learns from."""

    decision_id: int
    actor: str
    rejected: bool
    text: str
    author_key: str
    moderation: dict[str, Any]


def _by_moderators(site_id: int) -> Any:
    # A person's decision ("account:<id>"), never the pipeline's ("system") nor a report.
    return (
        (ModerationDecision.site_id == site_id)
        & ModerationDecision.actor.like("account:%")
        & ModerationDecision.action.in_(_MODERATOR_VERDICTS)
    )


async def newest_decision(session: AsyncSession, site_id: int) -> int | None:
    result = await session.execute(
        select(func.max(ModerationDecision.id)).where(_by_moderators(site_id))
    )
    newest: int | None = result.scalar_one_or_none()
    return newest


async def count_decisions_after(session: AsyncSession, site_id: int, after_id: int) -> int:
    result = await session.execute(
        select(func.count())
        .select_from(ModerationDecision)
        .where(_by_moderators(site_id) & (ModerationDecision.id > after_id))
    )
    return int(result.scalar_one())


async def decided(session: AsyncSession, site_id: int, limit: int) -> list[Decided]:
    """The latest moderator decision of each of the site's most recently decided comments
    (at most `limit`), oldest first; deleted comments left out (their text is gone)."""
    result = await session.execute(
        select(
            ModerationDecision.id,
            ModerationDecision.comment_id,
            ModerationDecision.actor,
            ModerationDecision.action,
            Comment.body_src,
            Comment.author_key,
            Comment.moderation,
        )
        .join(Comment, Comment.id == ModerationDecision.comment_id)
        .where(_by_moderators(site_id) & (Comment.status != CommentStatus.DELETED.value))
        .order_by(ModerationDecision.id.desc())
        .limit(limit * 2)  # a comment decided twice appears twice; its latest counts
    )
    seen: set[int] = set()
    found: list[Decided] = []
    for decision_id, comment_id, actor, action, text, author_key, moderation in result:
        if comment_id in seen:
            continue
        seen.add(comment_id)
        found.append(
            Decided(
                decision_id=decision_id,
                actor=actor,
                rejected=action == DecisionAction.REJECT.value,
                text=text,
                author_key=author_key or f"comment:{comment_id}",
                moderation=moderation if isinstance(moderation, dict) else {},
            )
        )
    return list(reversed(found[:limit]))


async def latest(session: AsyncSession, site_id: int) -> SiteModel | None:
    result = await session.execute(
        select(SiteModel).where(SiteModel.site_id == site_id).order_by(SiteModel.version.desc())
    )
    return result.scalars().first()


async def active_ref(session: AsyncSession, site_id: int) -> tuple[int, int] | None:
    """(id, version) of the site's active head: the cheap check the posting path repeats."""
    result = await session.execute(
        select(SiteModel.id, SiteModel.version).where(
            (SiteModel.site_id == site_id) & (SiteModel.status == ACTIVE)
        )
    )
    row = result.first()
    return (row[0], row[1]) if row else None


async def get(session: AsyncSession, model_id: int) -> SiteModel | None:
    return await session.get(SiteModel, model_id)


async def retire_active(session: AsyncSession, site_id: int) -> int | None:
    """Retire the active version (before another is made active); its version, if any."""
    current = await active_ref(session, site_id)
    if current is None:
        return None
    await session.execute(
        update(SiteModel).where(SiteModel.id == current[0]).values(status=RETIRED)
    )
    await session.flush()
    return current[1]


async def add(session: AsyncSession, row: SiteModel) -> SiteModel:
    session.add(row)
    await session.flush()
    return row


async def versions(session: AsyncSession, site_id: int) -> list[SiteModel]:
    result = await session.execute(
        select(SiteModel).where(SiteModel.site_id == site_id).order_by(SiteModel.version)
    )
    return list(result.scalars())
