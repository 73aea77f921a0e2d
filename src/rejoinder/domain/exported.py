"""What the export service hands to the export formats (JSON, WXR), read from storage."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

# How `body_src` is written: markdown (every comment posted through the API) or plain-text
# paragraphs (page-dump imports, escaped and never interpreted).
BodyFormat = Literal["markdown", "text"]


@dataclass(frozen=True)
class ExportedSite:
    slug: str
    name: str
    origins: list[str]


@dataclass(frozen=True)
class ExportedStory:
    id: int  # internal; a format that needs numbers (WXR's post_id) uses it
    key: str
    url: str
    title: str
    created_at: datetime
    published_at: datetime | None
    closed_at: datetime | None
    settings: dict[str, Any]
    body_html: str | None
    attribution: str | None


@dataclass(frozen=True)
class AccountRef:
    """An account by what stays stable across installs: its name and the publisher's SSO id."""

    display_name: str
    sso_id: str | None


@dataclass(frozen=True)
class ExportedComment:
    id: int
    parent_id: int | None
    status: str
    author_name: str
    author_email: str | None  # a guest's, for staff exports only
    account: AccountRef | None
    body_src: str
    body_format: BodyFormat
    body_html: str
    created_at: datetime
    edited_at: datetime | None
    featured_at: datetime | None
    like_count: int
    reply_count: int
    import_key: str | None
    moderation_action: str | None
    moderation_reasons: list[dict[str, Any]]


@dataclass(frozen=True)
class StoryExport:
    story: ExportedStory
    comments: AsyncIterator[ExportedComment]  # oldest id first: a parent before its replies


@dataclass(frozen=True)
class SiteExport:
    site: ExportedSite
    stories: AsyncIterator[StoryExport]  # each story's comments read before the next story
