"""Imports: every imported comment goes through the same rendering and moderation."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.enums import CommentStatus
from rejoinder.domain.imported import ImportedComment, ImportedPage
from rejoinder.domain.limits import MAX_AUTHOR_NAME_CHARS, MAX_COMMENT_CHARS
from rejoinder.platform import tokens
from rejoinder.platform.rendering import render_paragraphs
from rejoinder.services import access
from rejoinder.services import moderation as moderation_service
from rejoinder.services.after_commit import after_commit
from rejoinder.services.comments import apply_visibility
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import Comment, Site, Story
from rejoinder.storage.repositories import comments as comment_repo
from rejoinder.storage.repositories import stories as story_repo


@dataclass(frozen=True)
class ImportResult:
    story_key: str
    created: int
    skipped: int  # already imported earlier
    held: int


def _import_keys(comments: list[ImportedComment]) -> list[str]:
    """Stable keys from author, text and occurrence: re-imports skip what is already there."""
    seen: Counter[tuple[str, str]] = Counter()
    keys = []
    for comment in comments:
        text = "\n\n".join(comment.paragraphs)
        seen[(comment.author, text)] += 1
        digest = hashlib.sha256(
            f"{comment.author}\0{text}\0{seen[(comment.author, text)]}".encode()
        )
        keys.append(digest.hexdigest()[:32])
    return keys


async def _story_for_page(
    session: AsyncSession, rt: Runtime, site: Site, key: str, url: str, page: ImportedPage
) -> Story:
    story = await story_repo.get_by_key(session, site.id, key)
    if story is None:
        story = await story_repo.add(
            session, Story(site_id=site.id, key=key, url=url, title=page.title)
        )
    slug = site.slug
    after_commit(session, lambda: rt.stories.forget(slug, key))  # title and body changed too
    story.title = page.title
    story.url = url
    story.body_html = render_paragraphs(page.paragraphs)
    story.attribution = page.attribution
    return story


async def import_page(
    session: AsyncSession, rt: Runtime, site_slug: str, story_key: str, url: str, page: ImportedPage
) -> ImportResult:
    site = await access.access_site(session, site_slug)
    story = await _story_for_page(session, rt, site, story_key, url, page)
    keys = _import_keys(page.comments)
    existing = await comment_repo.existing_import_keys(session, story.id, keys)
    created = held = 0
    for parsed, key in zip(page.comments, keys, strict=True):
        if key in existing:
            continue
        comment = await _import_comment(session, rt, site, story, parsed, key)
        created += 1
        held += comment.status != CommentStatus.PUBLISHED
    return ImportResult(story_key, created, len(keys) - created, held)


async def _import_comment(
    session: AsyncSession, rt: Runtime, site: Site, story: Story, parsed: ImportedComment, key: str
) -> Comment:
    source = "\n\n".join(parsed.paragraphs)[:MAX_COMMENT_CHARS]
    author = parsed.author[:MAX_AUTHOR_NAME_CHARS]
    author_key = tokens.identity_hash(rt.signing_key, "import", author)
    submission = moderation_service.Submission(text=source, author_key=author_key, is_import=True)
    result = await moderation_service.review(session, rt, site, story, submission)
    comment = await comment_repo.add(
        session,
        Comment(
            site_id=site.id,
            story_id=story.id,
            author_name=author,
            author_key=author_key,
            body_src=source,
            body_html=render_paragraphs(source.split("\n\n")),
            status=result.status.value,
            moderation=result.summary(),
            risk=result.risk_value,
            import_key=key,
            created_at=rt.now(),
        ),
    )
    await apply_visibility(session, rt, comment, old_status=None)
    await moderation_service.record(session, comment, result)
    return comment


async def default_story_url(session: AsyncSession, site_slug: str, story_key: str) -> str:
    """Where an imported story lives when the operator gives no URL: on the site's origin."""
    site = await access.access_site(session, site_slug)
    origin = site.allowed_origins[0] if site.allowed_origins else f"https://{site.slug}.invalid"
    return f"{origin}/{story_key}"
