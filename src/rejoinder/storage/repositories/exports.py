"""Reads for exports: a site's stories and comments streamed, so a big site fits in memory."""

from __future__ import annotations

from collections.abc import AsyncIterator

from sqlalchemy import Row, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.storage.models import Account, Comment, SsoIdentity, Story

BATCH = 500


async def stories_after(
    session: AsyncSession, site_id: int, after_id: int, key: str | None = None
) -> list[Story]:
    """A page of the site's stories by id (keyset): the comments of each are streamed while
    the connection holds no other open result."""
    query = select(Story).where(Story.site_id == site_id, Story.id > after_id)
    if key is not None:
        query = query.where(Story.key == key)
    result = await session.execute(query.order_by(Story.id).limit(BATCH))
    return list(result.scalars())


# The publisher's id for the comment's author on the comment's site, if they have one.
_AUTHOR_SSO_ID = (
    select(func.min(SsoIdentity.external_id))
    .where(
        SsoIdentity.account_id == Comment.author_account_id,
        SsoIdentity.site_id == Comment.site_id,
    )
    .scalar_subquery()
)


async def stream_comments(
    session: AsyncSession, story_id: int
) -> AsyncIterator[Row[Comment, str | None, str | None]]:
    """The story's comments by id (a parent before its replies), with the author's account
    name and SSO id when an account wrote it."""
    query = (
        select(Comment, Account.display_name, _AUTHOR_SSO_ID)
        .outerjoin(Account, Account.id == Comment.author_account_id)
        .where(Comment.story_id == story_id)
        .order_by(Comment.id)
        .execution_options(yield_per=BATCH)
    )
    result = await session.stream(query)
    async for row in result:
        yield row
