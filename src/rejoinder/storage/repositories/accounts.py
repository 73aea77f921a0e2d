"""Queries on accounts, and on what belongs to one (for renames, exports and deletion)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.enums import CommentStatus
from rejoinder.storage.models import (
    Account,
    AuthSession,
    Comment,
    Mute,
    Reaction,
    Report,
    Site,
    SsoIdentity,
    Story,
)


async def get(session: AsyncSession, account_id: int) -> Account | None:
    return await session.get(Account, account_id)


async def by_ids(session: AsyncSession, account_ids: Sequence[int]) -> list[Account]:
    """The accounts of these ids that exist, in no particular order."""
    if not account_ids:
        return []
    result = await session.execute(select(Account).where(Account.id.in_(list(account_ids))))
    return list(result.scalars())


async def by_email(session: AsyncSession, email: str) -> Account | None:
    result = await session.execute(select(Account).where(Account.email == email.lower()))
    return result.scalar_one_or_none()


async def by_display_name(session: AsyncSession, name: str) -> Account | None:
    """Case-insensitive: "Anna" and "anna" are the same name to readers.

    (SQLite's lower() folds ASCII letters only; PostgreSQL folds every letter.)
    """
    result = await session.execute(
        select(Account).where(func.lower(Account.display_name) == name.lower())
    )
    return result.scalar_one_or_none()


async def lock(session: AsyncSession, account_id: int) -> None:
    """Hold the account's row until commit (PostgreSQL), so that two requests issuing it a mail
    key take turns; SQLite's writes take turns anyway."""
    await session.execute(select(Account.id).where(Account.id == account_id).with_for_update())


async def add(session: AsyncSession, account: Account) -> Account:
    session.add(account)
    await session.flush()
    return account


async def delete_account(session: AsyncSession, account_id: int) -> None:
    """Sessions, mail keys, roles, states, mutes and SSO links go with it (ON DELETE CASCADE)."""
    await session.execute(delete(Account).where(Account.id == account_id))


@dataclass(frozen=True)
class AuthoredComment:
    comment: Comment
    site: Site
    story: Story


async def comments_of(session: AsyncSession, account_id: int) -> list[AuthoredComment]:
    """Every comment the account wrote that still carries its name, with site and story."""
    result = await session.execute(
        select(Comment, Site, Story)
        .join(Site, Site.id == Comment.site_id)
        .join(Story, Story.id == Comment.story_id)
        .where(Comment.author_account_id == account_id)
        .order_by(Comment.created_at, Comment.id)
    )
    return [AuthoredComment(comment, site, story) for comment, site, story in result.all()]


async def rename_in_comments(session: AsyncSession, account_id: int, name: str) -> list[int]:
    """Show the new name on the account's comments; returns the stories that changed."""
    owned = (Comment.author_account_id == account_id, Comment.status != CommentStatus.DELETED)
    stories = await session.execute(select(Comment.story_id).where(*owned).distinct())
    story_ids = list(stories.scalars())
    await session.execute(
        update(Comment)
        .where(*owned)
        .values(author_name=name)
        .execution_options(synchronize_session=False)
    )
    return story_ids


async def sessions_of(session: AsyncSession, account_id: int) -> list[AuthSession]:
    result = await session.execute(
        select(AuthSession)
        .where(AuthSession.account_id == account_id)
        .order_by(AuthSession.created_at)
    )
    return list(result.scalars())


async def reactions_by(session: AsyncSession, reader_key: str) -> list[Reaction]:
    result = await session.execute(
        select(Reaction).where(Reaction.reader_key == reader_key).order_by(Reaction.id)
    )
    return list(result.scalars())


async def reports_by(session: AsyncSession, reader_key: str) -> list[Report]:
    result = await session.execute(
        select(Report).where(Report.reader_key == reader_key).order_by(Report.id)
    )
    return list(result.scalars())


async def mutes_of(session: AsyncSession, account_id: int) -> list[tuple[Mute, str]]:
    """The account's mutes, each with the muted reader's display name."""
    result = await session.execute(
        select(Mute, Account.display_name)
        .join(Account, Account.id == Mute.muted_id)
        .where(Mute.muter_id == account_id)
        .order_by(Mute.created_at)
    )
    return [(mute, name) for mute, name in result.all()]


async def sso_identities_of(
    session: AsyncSession, account_id: int
) -> list[tuple[SsoIdentity, str]]:
    """The publisher identities linked to the account, each with its site's slug."""
    result = await session.execute(
        select(SsoIdentity, Site.slug)
        .join(Site, Site.id == SsoIdentity.site_id)
        .where(SsoIdentity.account_id == account_id)
        .order_by(SsoIdentity.id)
    )
    return [(identity, slug) for identity, slug in result.all()]


async def list_all(session: AsyncSession) -> list[Account]:
    """Every account, oldest first (for the operator's `rejoinder user list`)."""
    result = await session.execute(select(Account).order_by(Account.id))
    return list(result.scalars())
