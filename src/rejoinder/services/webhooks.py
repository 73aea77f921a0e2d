"""A site's webhook endpoints: add, list, remove, rotate the secret, enable again; the log.

The operator (`rejoinder webhook ...`) may do everything; in the dashboard only admins may
(`*_as_admin`, which check first). A secret is returned once, by `add` and `rotate`, and is
never part of a view, a log line or an audit entry. Every change drops this process's list of
sites with webhooks at commit (services/webhook_sites.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.errors import Invalid, NotFound
from rejoinder.domain.principal import Principal
from rejoinder.domain.webhooks import EVENT_TYPES, UnsafeTarget
from rejoinder.platform.webhook_signing import new_secret
from rejoinder.services import access, audit
from rejoinder.services.after_commit import after_commit
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import Site, WebhookDelivery, WebhookEndpoint
from rejoinder.storage.repositories import sites as site_repo
from rejoinder.storage.repositories import webhooks as webhook_repo

MAX_ENDPOINTS_PER_SITE = 20
LOG_KEPT = 100  # delivery log rows kept per endpoint


@dataclass(frozen=True)
class EndpointView:
    """An endpoint as lists show it: never its secret."""

    id: int
    site: str
    url: str
    events: list[str]
    created_at: datetime
    disabled_at: datetime | None
    disabled_reason: str | None
    failing_since: datetime | None
    last_success_at: datetime | None
    rotating_until: datetime | None

    @property
    def state(self) -> str:
        if self.disabled_at is not None:
            return "disabled"
        return "failing" if self.failing_since is not None else "enabled"


def _view(site: Site, row: WebhookEndpoint, now: datetime) -> EndpointView:
    until = row.previous_secret_until
    return EndpointView(
        row.id, site.slug, row.url, list(row.events), row.created_at, row.disabled_at,
        row.disabled_reason, row.failing_since, row.last_success_at,
        until if until is not None and until > now else None,
    )  # fmt: skip


def checked_events(events: Sequence[str]) -> list[str]:
    """The event types named, each known (none: every type)."""
    unknown = sorted(set(events) - set(EVENT_TYPES))
    if unknown:
        raise Invalid(
            f"Unknown webhook event type(s): {', '.join(unknown)}; use {', '.join(EVENT_TYPES)}."
        )
    return [e for e in EVENT_TYPES if e in events]


def checked_url(rt: Runtime, url: str) -> str:
    try:
        rt.webhooks.check_url(url.strip())
    except UnsafeTarget as refused:
        raise Invalid(str(refused)) from None
    return url.strip()


def _changed(session: AsyncSession, rt: Runtime) -> None:
    after_commit(session, rt.webhook_sites.forget)


async def _endpoint(session: AsyncSession, endpoint_id: int) -> tuple[Site, WebhookEndpoint]:
    row = await webhook_repo.get(session, endpoint_id)
    site = await site_repo.get(session, row.site_id) if row is not None else None
    if row is None or site is None:
        raise NotFound(f"There is no webhook endpoint {endpoint_id}.")
    return site, row


# --- what the operator does ------------------------------------------------------------------


async def add(
    session: AsyncSession, rt: Runtime, site_slug: str, url: str, events: Sequence[str]
) -> tuple[EndpointView, str]:
    """A new endpoint of the site, and its secret (shown this once)."""
    site = await access.access_site(session, site_slug)
    clean_url, clean_events = checked_url(rt, url), checked_events(events)
    if len(await webhook_repo.of_site(session, site.id)) >= MAX_ENDPOINTS_PER_SITE:
        raise Invalid(f"A site has at most {MAX_ENDPOINTS_PER_SITE} webhook endpoints.")
    secret = new_secret()
    row = await webhook_repo.add(
        session,
        WebhookEndpoint(
            site_id=site.id, url=clean_url, events=clean_events, secret=secret,
            created_at=rt.now(),
        ),
    )  # fmt: skip
    _changed(session, rt)
    return _view(site, row, rt.now()), secret


async def listed(session: AsyncSession, rt: Runtime, site_slug: str) -> list[EndpointView]:
    site = await access.access_site(session, site_slug)
    return [_view(site, row, rt.now()) for row in await webhook_repo.of_site(session, site.id)]


async def remove(session: AsyncSession, rt: Runtime, endpoint_id: int) -> EndpointView:
    """Delete the endpoint and its log; attempts still queued for it find nothing to send."""
    site, row = await _endpoint(session, endpoint_id)
    view = _view(site, row, rt.now())
    await webhook_repo.remove(session, endpoint_id)
    _changed(session, rt)
    return view


async def rotate(session: AsyncSession, rt: Runtime, endpoint_id: int) -> tuple[EndpointView, str]:
    """A new secret; the one it replaces signs too for the overlap period (docs/webhooks.md)."""
    site, row = await _endpoint(session, endpoint_id)
    overlap = timedelta(hours=rt.settings.webhook_rotation_overlap_hours)
    row.previous_secret, row.previous_secret_until = row.secret, rt.now() + overlap
    row.secret = new_secret()
    await session.flush()
    return _view(site, row, rt.now()), row.secret


async def enable(session: AsyncSession, rt: Runtime, endpoint_id: int) -> EndpointView:
    """Send to a disabled endpoint again (new events only; what was dropped stays dropped)."""
    site, row = await _endpoint(session, endpoint_id)
    row.disabled_at = row.disabled_reason = row.failing_since = None
    await session.flush()
    _changed(session, rt)
    return _view(site, row, rt.now())


async def delivery_log(
    session: AsyncSession, endpoint_id: int, limit: int = LOG_KEPT
) -> list[WebhookDelivery]:
    """The endpoint's attempts, newest first."""
    await _endpoint(session, endpoint_id)
    return await webhook_repo.recent(session, endpoint_id, limit)


# --- what an admin does in the dashboard ------------------------------------------------------


@dataclass(frozen=True)
class EndpointWithLog:
    endpoint: EndpointView
    log: list[WebhookDelivery]


async def _in_site_as_admin(
    session: AsyncSession, site_slug: str, endpoint_id: int, principal: Principal
) -> Site:
    """The endpoint is the site's, and the principal an admin (else 403, or 404)."""
    access.check_admin(principal)
    site = await access.access_site(session, site_slug)
    row = await webhook_repo.get(session, endpoint_id)
    if row is None or row.site_id != site.id:
        raise NotFound(f"There is no webhook endpoint {endpoint_id} on site '{site_slug}'.")
    return site


async def page_as_admin(
    session: AsyncSession, rt: Runtime, site_slug: str, principal: Principal, log_limit: int
) -> tuple[str, list[EndpointWithLog]]:
    """The site's name and its endpoints, each with the newest of its log."""
    access.check_admin(principal)
    site = await access.access_site(session, site_slug)
    return site.name, [
        EndpointWithLog(view, await webhook_repo.recent(session, view.id, log_limit))
        for view in await listed(session, rt, site_slug)
    ]


async def _audit(
    session: AsyncSession, rt: Runtime, site: Site, principal: Principal, action: str,
    endpoint_id: int, after: dict[str, object] | None = None,
) -> None:  # fmt: skip
    await audit.record(
        session, rt, site_id=site.id, actor=audit.actor_of(principal), action=action,
        target_type="webhook_endpoint", target_id=endpoint_id, after=after,
    )  # fmt: skip


async def add_as_admin(
    session: AsyncSession,
    rt: Runtime,
    site_slug: str,
    principal: Principal,
    url: str,
    events: Sequence[str],
) -> tuple[EndpointView, str]:
    access.check_admin(principal)
    view, secret = await add(session, rt, site_slug, url, events)
    site = await access.access_site(session, site_slug)
    await _audit(session, rt, site, principal, "webhook.add", view.id, {"url": view.url})
    return view, secret


async def remove_as_admin(
    session: AsyncSession, rt: Runtime, site_slug: str, endpoint_id: int, principal: Principal
) -> None:
    site = await _in_site_as_admin(session, site_slug, endpoint_id, principal)
    await remove(session, rt, endpoint_id)
    await _audit(session, rt, site, principal, "webhook.remove", endpoint_id)


async def rotate_as_admin(
    session: AsyncSession, rt: Runtime, site_slug: str, endpoint_id: int, principal: Principal
) -> tuple[EndpointView, str]:
    site = await _in_site_as_admin(session, site_slug, endpoint_id, principal)
    rotated = await rotate(session, rt, endpoint_id)
    await _audit(session, rt, site, principal, "webhook.rotate", endpoint_id)
    return rotated


async def enable_as_admin(
    session: AsyncSession, rt: Runtime, site_slug: str, endpoint_id: int, principal: Principal
) -> None:
    site = await _in_site_as_admin(session, site_slug, endpoint_id, principal)
    await enable(session, rt, endpoint_id)
    await _audit(session, rt, site, principal, "webhook.enable", endpoint_id)
