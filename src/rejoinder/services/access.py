"""Access checks, each condition on its own line (SECURITY 8, 10, 27)."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlsplit

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.errors import Forbidden, NotFound, Unauthorized
from rejoinder.domain.principal import Principal
from rejoinder.domain.site_settings import SiteSettings
from rejoinder.storage.models import Account, Comment, Site, Story
from rejoinder.storage.repositories import accounts as account_repo
from rejoinder.storage.repositories import comments as comment_repo
from rejoinder.storage.repositories import sites as site_repo


async def site_by_slug(session: AsyncSession, slug: str) -> Site:
    site = await site_repo.get_by_slug(session, slug)
    if site is None:
        raise NotFound(f"There is no site '{slug}'.")
    return site


def settings_of(site: Site) -> SiteSettings:
    return SiteSettings.model_validate(site.settings or {})


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def check_write_origin(site: Site, origin: str | None) -> None:
    """Writes come only from pages on the site's own origins (exact match)."""
    if origin is None:
        raise Forbidden("Writes need an Origin header from one of the site's pages.")
    if origin.lower() not in {allowed.lower() for allowed in site.allowed_origins}:
        raise Forbidden(f"Origin {origin} is not allowed to write to site '{site.slug}'.")


def check_story_url(site: Site, url: str) -> None:
    """A story can only be created for a URL on one of the site's allowed origins."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise Forbidden("A story URL must be an http(s) URL.")
    if origin_of(url) not in {allowed.lower() for allowed in site.allowed_origins}:
        raise Forbidden(f"{origin_of(url)} is not one of site '{site.slug}''s origins.")


def check_guest_allowed(site: Site) -> None:
    if not settings_of(site).allow_guests:
        raise Forbidden("This site does not accept comments from guests; please sign in.")


def check_story_open(site: Site, story: Story, now: datetime) -> None:
    if story.closed_at is not None and story.closed_at <= now:
        raise Forbidden("Comments on this story are closed.")
    close_after = settings_of(site).close_after_days
    opened = story.published_at or story.created_at
    if close_after is not None and opened + timedelta(days=close_after) <= now:
        raise Forbidden("Comments on this story are closed.")


async def comment_in_site(session: AsyncSession, site: Site, comment_id: int) -> Comment:
    comment = await comment_repo.get_in_site(session, site.id, comment_id)
    if comment is None:
        raise NotFound(f"There is no comment {comment_id} on site '{site.slug}'.")
    return comment


async def visible_comment(session: AsyncSession, site: Site, comment_id: int) -> Comment:
    """A comment readers may see and act on (not pending, rejected or deleted)."""
    comment = await comment_in_site(session, site, comment_id)
    if comment.status != "published":
        raise NotFound(f"There is no comment {comment_id} on site '{site.slug}'.")
    return comment


def check_principal_for_site(site: Site, principal: Principal) -> None:
    """A session opened by one site's single sign-on speaks for that site only."""
    if principal.session_site_id is not None and principal.session_site_id != site.id:
        raise Forbidden(f"This sign-in is for another site, not '{site.slug}'.")


async def account_of(session: AsyncSession, principal: Principal) -> Account:
    account = await account_repo.get(session, principal.account_id)
    if account is None:
        raise Unauthorized("Your account no longer exists; please sign in again.")
    return account
