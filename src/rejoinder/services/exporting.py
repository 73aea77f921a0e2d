"""Export a site's discussions as JSON (no emails, IPs or identity hashes: SECURITY 14)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.services import access
from rejoinder.storage.models import Comment, Story
from rejoinder.storage.repositories import comments as comment_repo
from rejoinder.storage.repositories import stories as story_repo


def _comment(comment: Comment) -> dict[str, Any]:
    return {
        "id": comment.id,
        "parent_id": comment.parent_id,
        "author": comment.author_name or None,
        "body_markdown": comment.body_src,
        "body_html": comment.body_html,
        "status": comment.status,
        "created_at": comment.created_at.isoformat(),
        "edited_at": comment.edited_at.isoformat() if comment.edited_at else None,
        "like_count": comment.like_count,
        "moderation": {
            "action": comment.moderation.get("action"),
            "reasons": [
                {"code": r.get("code"), "message": r.get("message")}
                for r in comment.moderation.get("reasons", [])
            ],
        },
    }


async def _story(session: AsyncSession, story: Story) -> dict[str, Any]:
    comments = await comment_repo.all_in_story(session, story.id)
    return {
        "id": story.key,
        "url": story.url,
        "title": story.title,
        "comments": [_comment(c) for c in comments],
    }


async def export_site(
    session: AsyncSession, site_slug: str, story_key: str | None = None
) -> dict[str, Any]:
    site = await access.access_site(session, site_slug)
    stories = await story_repo.all_in_site(session, site.id)
    if story_key is not None:
        stories = [s for s in stories if s.key == story_key]
    return {
        "format": "rejoinder-export/1",
        "site": {"slug": site.slug, "name": site.name},
        "stories": [await _story(session, s) for s in stories],
    }
