"""The stories of an import: threads matched to the site's stories by URL, created on their
first comment, refused (as skipped, with the reason) outside the site's origins."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.imported import ImportSummary, SourceThread
from rejoinder.domain.limits import MAX_TITLE_CHARS
from rejoinder.domain.text import has_nul
from rejoinder.services import access, import_rows
from rejoinder.services.after_commit import after_commit
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import Site, Story
from rejoinder.storage.repositories import imports as import_repo
from rejoinder.storage.repositories import stories as story_repo

FOREIGN = "story URL outside the site's origins (pass --allow-foreign-urls to import it)"
NOT_HTTP = "story URL is not an http(s) URL"
MAX_KEY_CHARS = 200  # stories.key
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def key_from_url(url: str) -> str:
    """A readable story key from a URL's path and query ("2019-05-a-story")."""
    parts = urlsplit(url)
    slug = _NOT_SLUG.sub("-", f"{parts.path}?{parts.query}".lower()).strip("-") or "home"
    if len(slug) <= MAX_KEY_CHARS - 11:
        return slug
    return f"{slug[: MAX_KEY_CHARS - 11]}-{_url_hash(url)}"


def _url_hash(url: str) -> str:
    return hashlib.sha256(url.encode()).hexdigest()[:10]


def refusal(site: Site, url: str, allow_foreign: bool) -> str | None:
    """Why a thread at `url` is not imported into the site, or None."""
    if urlsplit(url).scheme not in ("http", "https") or has_nul(url):
        return NOT_HTTP
    if allow_foreign:
        return None
    origins = {origin.lower() for origin in site.allowed_origins}
    return None if access.origin_of(url) in origins else FOREIGN


@dataclass
class ImportStories:
    """Threads seen so far (by source id and by URL) and the stories they became."""

    site: Site
    allow_foreign: bool
    summary: ImportSummary
    threads: dict[str, SourceThread] = field(default_factory=dict)
    resolved: dict[str, Story | str] = field(default_factory=dict)  # a story or why not

    def add(self, thread: SourceThread) -> list[str]:
        """Remember a thread; returns the references comments may use for it."""
        refs = [ref for ref in (thread.source_id, thread.url) if ref]
        for ref in refs:
            self.threads.setdefault(ref, thread)
        return refs

    def knows(self, ref: str) -> bool:
        return ref in self.threads

    async def story_for(self, session: AsyncSession, rt: Runtime, ref: str) -> Story | str:
        """The story of a known thread (found or created now), or why it is skipped."""
        thread = self.threads[ref]
        cache_key = thread.source_id or thread.url
        if cache_key not in self.resolved:
            self.resolved[cache_key] = await self._resolve(session, rt, thread)
        return self.resolved[cache_key]

    async def _resolve(
        self, session: AsyncSession, rt: Runtime, thread: SourceThread
    ) -> Story | str:
        refused = refusal(self.site, thread.url, self.allow_foreign)
        if refused is not None:
            return refused
        story = await import_repo.story_by_url(session, self.site.id, thread.url)
        if story is not None:
            self.summary.stories_matched += 1
            return story
        return await self._create(session, rt, thread)

    async def _create(self, session: AsyncSession, rt: Runtime, thread: SourceThread) -> Story:
        key = await self._free_key(session, thread)
        title = " ".join(thread.title.split())[:MAX_TITLE_CHARS] or thread.url[:MAX_TITLE_CHARS]
        started = import_rows.as_utc(thread.created_at, rt.now())  # the source's own time
        story, created = await story_repo.add_if_missing(
            session, self.site.id, key, thread.url, title, started
        )
        self.summary.stories_created += created
        self.summary.stories_matched += not created
        # Readers may have cached "no such story yet" under its key.
        slug = self.site.slug
        after_commit(session, lambda: rt.stories.forget(slug, key))
        return story

    async def _free_key(self, session: AsyncSession, thread: SourceThread) -> str:
        """The source's story id, else one from the URL; a key taken by another URL gets the
        URL's hash."""
        key = " ".join(thread.story_key.split())[:MAX_KEY_CHARS] or key_from_url(thread.url)
        if await story_repo.get_by_key(session, self.site.id, key) is None:
            return key  # (a story of this key at this URL would have matched by URL)
        return f"{key[: MAX_KEY_CHARS - 11]}-{_url_hash(thread.url)}"
