"""`rejoinder webhook add|list|remove|test|rotate|enable|log`: a site's signed webhooks."""

from __future__ import annotations

from pathlib import Path

import click
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.cli._context import data_dir_option, load_settings, run
from rejoinder.domain.webhooks import EVENT_TYPES, OutboundRequest, SendOutcome
from rejoinder.services import webhook_delivery, webhooks
from rejoinder.services.runtime import Runtime
from rejoinder.services.webhook_delivery import Attempt
from rejoinder.services.webhooks import EndpointView


@click.group()
def webhook() -> None:
    """Signed webhooks (Standard Webhooks) to a newsroom's systems; docs/webhooks.md."""


def _when(view: EndpointView) -> str:
    if view.disabled_at is not None:
        return f"disabled {view.disabled_at:%Y-%m-%d %H:%M}: {view.disabled_reason or ''}"
    if view.failing_since is not None:
        return f"failing since {view.failing_since:%Y-%m-%d %H:%M}"
    return "enabled"


def _row(view: EndpointView) -> str:
    events = ",".join(view.events) or "all"
    rotating = (
        f"\trotating until {view.rotating_until:%Y-%m-%d %H:%M}" if view.rotating_until else ""
    )
    return f"{view.id}\t{view.url}\t{events}\t{_when(view)}{rotating}"


@webhook.command("add")
@click.option("--site", required=True, help="The site's slug.")
@click.option("--url", required=True, help="Where to POST events: https://...")
@click.option(
    "--event",
    "events",
    multiple=True,
    type=click.Choice(EVENT_TYPES),
    help="An event type to send (repeat for more); none: every type.",
)
@data_dir_option
def add(site: str, url: str, events: tuple[str, ...], data_dir: Path | None) -> None:
    """Add an endpoint; prints its id and its secret, once."""

    async def work(session: AsyncSession, runtime: Runtime) -> tuple[EndpointView, str]:
        return await webhooks.add(session, runtime, site, url, list(events))

    view, secret = run(load_settings(data_dir), work)
    click.echo(f"Added webhook endpoint {view.id} for {site}. Its secret, not shown again:")
    click.echo(secret)


@webhook.command("list")
@click.option("--site", required=True, help="The site's slug.")
@data_dir_option
def list_endpoints(site: str, data_dir: Path | None) -> None:
    """Endpoints: id, URL, events, state; tab-separated. Secrets are never shown."""

    async def work(session: AsyncSession, runtime: Runtime) -> list[str]:
        return [_row(view) for view in await webhooks.listed(session, runtime, site)]

    for line in run(load_settings(data_dir), work):
        click.echo(line)


@webhook.command("remove")
@click.argument("endpoint_id", type=int)
@data_dir_option
def remove(endpoint_id: int, data_dir: Path | None) -> None:
    """Remove endpoint ENDPOINT_ID and its log: nothing more is sent to it."""

    async def work(session: AsyncSession, runtime: Runtime) -> EndpointView:
        return await webhooks.remove(session, runtime, endpoint_id)

    view = run(load_settings(data_dir), work)
    click.echo(f"Removed webhook endpoint {view.id} ({view.url}).")


@webhook.command("rotate")
@click.argument("endpoint_id", type=int)
@data_dir_option
def rotate(endpoint_id: int, data_dir: Path | None) -> None:
    """A new secret for ENDPOINT_ID (printed once); the old one signs too for the overlap."""

    async def work(session: AsyncSession, runtime: Runtime) -> tuple[EndpointView, str]:
        return await webhooks.rotate(session, runtime, endpoint_id)

    view, secret = run(load_settings(data_dir), work)
    until = f"{view.rotating_until:%Y-%m-%d %H:%M} UTC" if view.rotating_until else "now"
    click.echo(f"New secret for endpoint {view.id}; the old one signs too until {until}:")
    click.echo(secret)


@webhook.command("enable")
@click.argument("endpoint_id", type=int)
@data_dir_option
def enable(endpoint_id: int, data_dir: Path | None) -> None:
    """Send to a disabled endpoint again (new events from now on)."""

    async def work(session: AsyncSession, runtime: Runtime) -> EndpointView:
        return await webhooks.enable(session, runtime, endpoint_id)

    view = run(load_settings(data_dir), work)
    click.echo(f"Enabled webhook endpoint {view.id}.")


@webhook.command("log")
@click.argument("endpoint_id", type=int)
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 100))
@data_dir_option
def log(endpoint_id: int, limit: int, data_dir: Path | None) -> None:
    """Recent attempts, newest first: time, event, attempt, outcome, status, ms, error."""

    async def work(session: AsyncSession, _runtime: Runtime) -> list[str]:
        return [
            f"{row.created_at:%Y-%m-%d %H:%M:%S}\t{row.event_type}\t{row.attempt}\t{row.outcome}\t"
            f"{row.response_status or '-'}\t{row.duration_ms}\t{row.error or ''}"
            for row in await webhooks.delivery_log(session, endpoint_id, limit)
        ]

    for line in run(load_settings(data_dir), work):
        click.echo(line)


@webhook.command("test")
@click.argument("endpoint_id", type=int)
@data_dir_option
def test(endpoint_id: int, data_dir: Path | None) -> None:
    """Send a signed `webhook.test` event to ENDPOINT_ID now and say what it answered."""
    settings = load_settings(data_dir)

    async def prepare(session: AsyncSession, runtime: Runtime) -> tuple[Attempt, OutboundRequest]:
        return await webhook_delivery.test_attempt(session, runtime, endpoint_id)

    attempt, request = run(settings, prepare)

    async def send(session: AsyncSession, runtime: Runtime) -> SendOutcome:
        # Sent before this transaction's first statement: no database lock is held meanwhile.
        outcome = await runtime.webhooks.send(request)
        await webhook_delivery.record(session, runtime, attempt=attempt, outcome=outcome)
        return outcome

    outcome = run(settings, send)
    status = outcome.status_code or "-"
    click.echo(
        f"{outcome.outcome}: status {status} in {outcome.duration_ms} ms {outcome.error or ''}"
    )
    if not outcome.delivered:
        raise SystemExit(1)
