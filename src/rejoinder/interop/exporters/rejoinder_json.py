"""Rejoinder's own JSON export (`rejoinder-export/2`), written a comment at a time.

Version 2 adds to version 1 what an import needs to recreate the discussions (`rejoinder import
rejoinder` reads both): the site's origins, each story's dates, settings, body and attribution,
and each comment's guest email (staff exports), account, body format, featured time, reply
count and import key. One comment per line, so that a big export stays diffable.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import IO, Any

from rejoinder.domain.exported import ExportedComment, ExportedStory, SiteExport

FORMAT = "rejoinder-export/2"


def _when(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def comment_json(comment: ExportedComment) -> dict[str, Any]:
    account = comment.account
    return {
        "id": comment.id,
        "parent_id": comment.parent_id,
        "author": comment.author_name or None,
        "author_email": comment.author_email,
        "account": {"name": account.display_name, "sso_id": account.sso_id} if account else None,
        "body_markdown": comment.body_src,  # the stored source, whatever body_format says
        "body_format": comment.body_format,
        "body_html": comment.body_html,
        "status": comment.status,
        "created_at": comment.created_at.isoformat(),
        "edited_at": _when(comment.edited_at),
        "featured_at": _when(comment.featured_at),
        "like_count": comment.like_count,
        "reply_count": comment.reply_count,
        "import_key": comment.import_key,
        "moderation": {"action": comment.moderation_action, "reasons": comment.moderation_reasons},
    }


def story_json(story: ExportedStory) -> dict[str, Any]:
    return {
        "id": story.key,
        "url": story.url,
        "title": story.title,
        "created_at": story.created_at.isoformat(),
        "published_at": _when(story.published_at),
        "closed_at": _when(story.closed_at),
        "settings": story.settings,
        "body_html": story.body_html,
        "attribution": story.attribution,
    }


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _open_object(fields: dict[str, Any]) -> str:
    """The object's fields as JSON without its closing brace, so that more can follow."""
    return _dumps(fields)[:-1]


async def write_json(out: IO[str], export: SiteExport) -> int:
    """Write the export; returns the number of comments written."""
    site = {"slug": export.site.slug, "name": export.site.name, "origins": export.site.origins}
    out.write(_open_object({"format": FORMAT, "site": site}) + ', "stories": [')
    written = 0
    story_separator = "\n"
    async for item in export.stories:
        out.write(story_separator + _open_object(story_json(item.story)) + ', "comments": [')
        separator = "\n"
        async for comment in item.comments:
            out.write(separator + _dumps(comment_json(comment)))
            separator, written = ",\n", written + 1
        out.write("\n]}")
        story_separator = ",\n"
    out.write("\n]}\n")
    return written
