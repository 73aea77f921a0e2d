"""Export a site's discussions: everything an import needs to recreate them, streamed.

Never an IP address, identity hash, reader key or secret (SECURITY 14). A guest's email is in
staff exports only (the CLI, run by the operator), and left out with `include_emails=False`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.exported import (
    AccountRef,
    BodyFormat,
    ExportedComment,
    ExportedSite,
    ExportedStory,
    SiteExport,
    StoryExport,
)
from rejoinder.platform.rendering import render_markdown, render_paragraphs
from rejoinder.services import access
from rejoinder.storage.models import Comment, Site, Story
from rejoinder.storage.repositories import exports as export_repo


def body_format(source: str, html: str) -> BodyFormat:
    """Which renderer made the stored HTML: markdown unless only the plain-text one matches."""
    if not source or render_markdown(source) == html:
        return "markdown"
    if render_paragraphs(source.split("\n\n")) == html:
        return "text"
    return "markdown"  # rendered by an older version: markdown is how new comments are written


def _reasons(comment: Comment) -> list[dict[str, Any]]:
    return [
        {"code": r.get("code"), "message": r.get("message")}
        for r in comment.moderation.get("reasons", [])
    ]


def _account(display_name: str | None, sso_id: str | None) -> AccountRef | None:
    return AccountRef(display_name, sso_id) if display_name is not None else None


def exported_comment(
    comment: Comment, account: AccountRef | None, include_emails: bool
) -> ExportedComment:
    return ExportedComment(
        id=comment.id,
        parent_id=comment.parent_id,
        status=comment.status,
        author_name=comment.author_name,
        author_email=comment.author_email if include_emails else None,
        account=account,
        body_src=comment.body_src,
        body_format=body_format(comment.body_src, comment.body_html),
        body_html=comment.body_html,
        created_at=comment.created_at,
        edited_at=comment.edited_at,
        featured_at=comment.featured_at,
        like_count=comment.like_count,
        reply_count=comment.reply_count,
        import_key=comment.import_key,
        moderation_action=comment.moderation.get("action"),
        moderation_reasons=_reasons(comment),
    )


def exported_story(story: Story) -> ExportedStory:
    return ExportedStory(
        id=story.id,
        key=story.key,
        url=story.url,
        title=story.title,
        created_at=story.created_at,
        published_at=story.published_at,
        closed_at=story.closed_at,
        settings=dict(story.settings),
        body_html=story.body_html,
        attribution=story.attribution,
    )


async def _comments(
    session: AsyncSession, story_id: int, include_emails: bool
) -> AsyncIterator[ExportedComment]:
    async for row in export_repo.stream_comments(session, story_id):
        comment, display_name, sso_id = row
        yield exported_comment(comment, _account(display_name, sso_id), include_emails)


async def _stories(
    session: AsyncSession, site: Site, story_key: str | None, include_emails: bool
) -> AsyncIterator[StoryExport]:
    after = 0
    while page := await export_repo.stories_after(session, site.id, after, story_key):
        for story in page:
            yield StoryExport(exported_story(story), _comments(session, story.id, include_emails))
        after = page[-1].id


async def open_export(
    session: AsyncSession,
    site_slug: str,
    story_key: str | None = None,
    *,
    include_emails: bool = True,
) -> SiteExport:
    """The site (an error if there is none) and its stories, each with its comments, to be
    read in order: a story's comments before the next story."""
    site = await access.access_site(session, site_slug)
    exported = ExportedSite(site.slug, site.name, list(site.allowed_origins))
    return SiteExport(exported, _stories(session, site, story_key, include_emails))
