"""Sites: creation and settings, validated before anything is stored.

Creating a site and changing one are in the audit log (`site.create`, `site.settings`; target the
site's slug), with only the fields that changed: `name`, `allowed_origins` and each top-level
settings key (no settings key has either name). SSO shared secrets are masked there, as in
`rejoinder site list`: the log is read and exported by people who need not hold them. The actor is
`audit.CLI` unless the caller names one (the dashboard: `audit.actor_of(principal)`).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from rejoinder.domain.errors import Conflict, Invalid
from rejoinder.domain.limits import SITE_SLUG
from rejoinder.domain.site_settings import SiteSettings
from rejoinder.domain.text import has_nul
from rejoinder.moderation import ModerationSettings
from rejoinder.services import access, audit
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import Site
from rejoinder.storage.repositories import sites as site_repo

MAX_SITE_NAME_CHARS = 200  # the column's length
MASK = "********"


def clean_name(name: str, slug: str) -> str:
    """The site's name as readers see it; the slug when none is given."""
    cleaned = " ".join(name.split())
    if len(cleaned) > MAX_SITE_NAME_CHARS:
        raise Invalid(f"A site name can be at most {MAX_SITE_NAME_CHARS} characters long.")
    if has_nul(cleaned) or not cleaned.isprintable():
        raise Invalid("A site name cannot contain control characters.")
    return cleaned or slug


def clean_origin(origin: str) -> str:
    """`scheme://host[:port]` with nothing after it, lower-cased."""
    parts = urlsplit(origin.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise Invalid(f"'{origin}' is not an origin like https://news.example.")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise Invalid(f"'{origin}' has a path; an origin is only scheme://host[:port].")
    return f"{parts.scheme}://{parts.netloc}".lower()


def clean_settings(settings: dict[str, Any]) -> dict[str, Any]:
    try:
        cleaned = SiteSettings.model_validate(settings).model_dump()
        ModerationSettings.from_mapping(cleaned["moderation"])
        return cleaned
    except ValidationError as error:  # before ValueError: it is one
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()
        )
        raise Invalid(f"Site settings are not valid: {problems}") from error
    except ValueError as error:
        raise Invalid(f"Site settings are not valid: {error}") from error


def masked(fields: dict[str, Any]) -> dict[str, Any]:
    """The fields with each SSO shared secret replaced by a mask."""
    sso = fields.get("sso")
    if not isinstance(sso, dict) or not isinstance(sso.get("keys"), list):
        return fields
    keys = [
        {**key, "secret": MASK} if isinstance(key, dict) and key.get("secret") else key
        for key in sso["keys"]
    ]
    return {**fields, "sso": {**sso, "keys": keys}}


def _fields(site: Site) -> dict[str, Any]:
    return {"name": site.name, "allowed_origins": list(site.allowed_origins), **site.settings}


async def create(
    session: AsyncSession,
    slug: str,
    name: str,
    origins: list[str],
    settings: dict[str, Any] | None = None,
    *,
    rt: Runtime | None = None,
    actor: audit.Actor = audit.CLI,
) -> Site:
    if not SITE_SLUG.match(slug):
        raise Invalid("A site slug is 1-63 lower-case letters, digits and dashes.")
    if await site_repo.get_by_slug(session, slug) is not None:
        raise Conflict(f"Site '{slug}' already exists.")
    cleaned = clean_settings(settings or {})
    site = await site_repo.add(
        session,
        slug=slug,
        name=clean_name(name, slug),
        allowed_origins=[clean_origin(o) for o in origins],
        settings=cleaned,
    )
    given = {key: cleaned[key] for key in settings or {} if key in cleaned}
    after = {"name": site.name, "allowed_origins": site.allowed_origins, **given}
    await audit.record(
        session, rt, site_id=site.id, actor=actor, action="site.create", target_type="site",
        target_id=site.slug, after=masked(after),
    )  # fmt: skip
    return site


async def update(
    session: AsyncSession,
    slug: str,
    name: str | None = None,
    origins: list[str] | None = None,
    settings: dict[str, Any] | None = None,
    *,
    rt: Runtime | None = None,
    actor: audit.Actor = audit.CLI,
) -> Site:
    """Change a site; `settings` keys replace the stored ones, the others are kept."""
    site = await access.access_site(session, slug)
    was = _fields(site)
    if name is not None:
        site.name = clean_name(name, slug)
    if origins is not None:
        site.allowed_origins = [clean_origin(o) for o in origins]
    if settings is not None:
        site.settings = clean_settings({**site.settings, **settings})
    before, after = audit.changes(was, _fields(site))
    if after:  # nothing changed, nothing to keep
        await audit.record(
            session, rt, site_id=site.id, actor=actor, action="site.settings",
            target_type="site", target_id=site.slug, before=masked(before), after=masked(after),
        )  # fmt: skip
    await session.flush()
    return site


async def ensure(
    session: AsyncSession, slug: str, name: str, origins: list[str], settings: dict[str, Any]
) -> Site:
    """The site, created if missing, with `origins` added (the demo starts idempotently)."""
    existing = await site_repo.get_by_slug(session, slug)
    if existing is None:
        return await create(session, slug, name, origins, settings)
    wanted = [clean_origin(o) for o in origins]
    missing = [o for o in wanted if o not in existing.allowed_origins]
    if missing:
        before = {"allowed_origins": list(existing.allowed_origins)}
        existing.allowed_origins = [*existing.allowed_origins, *missing]
        await audit.record(
            session, None, site_id=existing.id, actor=audit.CLI, action="site.settings",
            target_type="site", target_id=slug, before=before,
            after={"allowed_origins": existing.allowed_origins},
        )  # fmt: skip
        await session.flush()
    return existing


async def allowed_origins(session: AsyncSession, slug: str) -> frozenset[str]:
    site = await site_repo.get_by_slug(session, slug)
    return frozenset(o.lower() for o in site.allowed_origins) if site else frozenset()


async def origins_of_all_sites(session: AsyncSession) -> frozenset[str]:
    """Every origin some site allows: the reader's account routes answer these (CORS)."""
    return frozenset(
        o.lower() for site in await site_repo.list_all(session) for o in site.allowed_origins
    )


async def allowed_origins_in(
    sessions: async_sessionmaker[AsyncSession], slug: str
) -> frozenset[str]:
    """`allowed_origins` in a session of its own: CORS answers before any request's session."""
    async with sessions() as session:
        return await allowed_origins(session, slug)


async def origins_of_all_sites_in(sessions: async_sessionmaker[AsyncSession]) -> frozenset[str]:
    async with sessions() as session:
        return await origins_of_all_sites(session)


async def all_sites(session: AsyncSession) -> list[Site]:
    return await site_repo.list_all(session)
