"""Sites, their origins and their stories: where a reader may read and write (SECURITY 8, 10)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.errors import Forbidden, NotFound
from rejoinder.domain.principal import Principal
from rejoinder.domain.site_settings import SiteSettings
from rejoinder.storage.models import Site, Story
from rejoinder.storage.repositories import sites as site_repo
from rejoinder.storage.repositories import stories as story_repo


@dataclass(frozen=True)
class StoryRef:
    """A site found by its slug, with the story of that key if anyone has commented on it."""

    site: Site
    story: Story | None  # None: the site exists but nobody has commented on this story yet

    @property
    def story_id(self) -> int | None:
        return None if self.story is None else self.story.id


@dataclass(frozen=True)
class StoryOnSite:
    site: Site
    story: Story


def settings_of(site: Site) -> SiteSettings:
    return SiteSettings.model_validate(site.settings or {})


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


async def access_site(session: AsyncSession, slug: str) -> Site:
    site = await site_repo.get_by_slug(session, slug)
    if site is None:
        raise NotFound(f"There is no site '{slug}'.")
    return site


def check_write_origin(site: Site, origin: str | None) -> None:
    """Writes come only from pages on the site's own origins (exact match)."""
    if origin is None:
        raise Forbidden("Writes need an Origin header from one of the site's pages.")
    if origin.lower() not in {allowed.lower() for allowed in site.allowed_origins}:
        raise Forbidden(f"Origin {origin} is not allowed to write to site '{site.slug}'.")


async def access_site_for_write(session: AsyncSession, slug: str, origin: str | None) -> Site:
    """A reader's write: the site of the slug, asked from a page on one of its origins."""
    site = await access_site(session, slug)
    check_write_origin(site, origin)
    return site


def check_form_origin(origin: str | None, public_url: str) -> None:
    """The forms that mail links lead to post back only from this install's own pages."""
    if (origin or "").lower() != origin_of(public_url):
        raise Forbidden("Please use the form on this site's own page.")


async def access_story_ref(session: AsyncSession, site_slug: str, story_key: str) -> StoryRef:
    """The site and, if it exists, the story: one query (the hot read path's lookup)."""
    found = await story_repo.get_with_site(session, site_slug, story_key)
    if found is None:
        raise NotFound(f"There is no site '{site_slug}'.")
    return StoryRef(site=found[0], story=found[1])


async def access_story(session: AsyncSession, site_slug: str, story_key: str) -> StoryOnSite:
    ref = await access_story_ref(session, site_slug, story_key)
    if ref.story is None:
        raise NotFound(f"There is no story '{story_key}' on site '{site_slug}'.")
    return StoryOnSite(ref.site, ref.story)


def check_story_url(site: Site, url: str) -> None:
    """A story can only be created for a URL on one of the site's allowed origins."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise Forbidden("A story URL must be an http(s) URL.")
    if origin_of(url) not in {allowed.lower() for allowed in site.allowed_origins}:
        raise Forbidden(f"{origin_of(url)} is not one of site '{site.slug}''s origins.")


def check_story_open(site: Site, story: Story, now: datetime) -> None:
    if story.closed_at is not None and story.closed_at <= now:
        raise Forbidden("Comments on this story are closed.")
    close_after = settings_of(site).close_after_days
    opened = story.published_at or story.created_at
    if close_after is not None and opened + timedelta(days=close_after) <= now:
        raise Forbidden("Comments on this story are closed.")


def check_guest_allowed(site: Site) -> None:
    if not settings_of(site).allow_guests:
        raise Forbidden("This site does not accept comments from guests; please sign in.")


def check_accounts_allowed(site: Site, principal: Principal) -> None:
    """A site may take comments only from the readers its own single sign-on signed in."""
    if principal.session_site_id is None and not settings_of(site).allow_accounts:
        raise Forbidden("This site takes comments only from readers signed in through it.")


def check_principal_for_site(site: Site, principal: Principal) -> None:
    """A session opened by one site's single sign-on speaks for that site only."""
    if principal.session_site_id is not None and principal.session_site_id != site.id:
        raise Forbidden(f"This sign-in is for another site, not '{site.slug}'.")


def check_reactions_enabled(site: Site) -> None:
    if not settings_of(site).reactions_enabled:
        raise Forbidden("Reactions are turned off on this site.")
