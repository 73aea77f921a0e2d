"""Delivering webhooks through the durable job queue (docs/webhooks.md, ADR 0021).

A committed domain event a site's endpoints may want is fanned out by a job (`event.webhooks.*`)
into one `webhook.attempt` job per message and endpoint. An attempt looks at the endpoint again
(removed or disabled: done, nothing sent), signs the message and returns the send as its
delivery, outside any transaction; what the receiver answered is then written with the job's
end: a row in the endpoint's log (the newest 100 kept) and, after a failure, the next attempt
queued after the wait `REJOINDER_WEBHOOK_RETRY_SECONDS` gives (a new job, so the schedule is
ours, not the queue's generic backoff). An endpoint with no success for
`REJOINDER_WEBHOOK_DISABLE_AFTER_HOURS` is disabled at its next failure, and every admin with
a confirmed address is mailed.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from datetime import timedelta
from functools import partial
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.errors import Forbidden, NotFound
from rejoinder.domain.events import Event
from rejoinder.domain.webhooks import TEST_EVENT, OutboundRequest, SendOutcome
from rejoinder.i18n import webhook_mail
from rejoinder.platform.webhook_signing import new_message_id, signed_headers
from rejoinder.services import access, events, jobs, mail, webhook_payloads
from rejoinder.services.after_commit import after_commit
from rejoinder.services.runtime import Runtime
from rejoinder.services.webhooks import LOG_KEPT
from rejoinder.storage.models import WebhookDelivery, WebhookEndpoint
from rejoinder.storage.repositories import accounts as account_repo
from rejoinder.storage.repositories import sites as site_repo
from rejoinder.storage.repositories import webhooks as webhook_repo

ATTEMPT_JOB = "webhook.attempt"
MAIL_JOB = "webhook.mail_disabled"


@dataclass(frozen=True)
class Attempt:
    """One try at one message to one endpoint: what its job carries."""

    endpoint_id: int
    message_id: str
    type: str
    body: str
    number: int = 1

    @staticmethod
    def of(payload: jobs.Payload) -> Attempt:
        return Attempt(
            int(payload["endpoint_id"]), str(payload["message_id"]), str(payload["type"]),
            str(payload["body"]), int(payload["number"]),
        )  # fmt: skip


def message_body(rt: Runtime, kind: str, data: dict[str, Any]) -> str:
    stamp = rt.now().isoformat().replace("+00:00", "Z")
    return json.dumps({"type": kind, "timestamp": stamp, "data": data}, ensure_ascii=False)


# --- fan-out -----------------------------------------------------------------------------------


def _wants(types: tuple[str, ...], endpoint: WebhookEndpoint) -> list[str]:
    return [t for t in types if not endpoint.events or t in endpoint.events]


async def _wanted(session: AsyncSession, rt: Runtime, event: Event) -> bool:
    """The write path's check: no job unless an endpoint of the site may want this event."""
    site_id = getattr(event, "site_id", None)
    if not isinstance(site_id, int):
        return True  # unsure: a job that finds nothing costs little
    max_age = rt.settings.webhook_sites_cache_seconds
    types = webhook_payloads.TYPES_OF[type(event)]
    return await rt.webhook_sites.wants(session, site_id, types, max_age)


async def fan_out(session: AsyncSession, rt: Runtime, event: Event) -> None:
    """One attempt job per message the event makes and endpoint that wants it."""
    site_id = int(getattr(event, "site_id"))  # noqa: B009  (every event registered has one)
    endpoints = await webhook_repo.enabled_of_site(session, site_id)
    if not endpoints:
        return
    for kind, data in await webhook_payloads.messages_for(session, event):
        attempt = Attempt(0, new_message_id(), kind, message_body(rt, kind, data))
        for endpoint in endpoints:
            if _wants((kind,), endpoint):
                await queue_attempt(session, rt, replace(attempt, endpoint_id=endpoint.id))


def _register() -> None:
    for event_type in webhook_payloads.TYPES_OF:
        name = f"webhooks.{event_type.__name__}"
        events.on(event_type, name, max_attempts=3, when=_wanted)(fan_out)


_register()


async def queue_attempt(
    session: AsyncSession, rt: Runtime, attempt: Attempt, delay: timedelta = timedelta(0)
) -> None:
    key = f"webhook:{attempt.endpoint_id}:{attempt.message_id}:{attempt.number}"
    await jobs.enqueue(session, rt, ATTEMPT_JOB, asdict(attempt), key=key, delay=delay)


# --- one attempt ---------------------------------------------------------------------------------


def signing_secrets(rt: Runtime, endpoint: WebhookEndpoint) -> list[str]:
    """The current secret, and the previous one while its overlap lasts."""
    until = endpoint.previous_secret_until
    if endpoint.previous_secret and until is not None and until > rt.now():
        return [endpoint.secret, endpoint.previous_secret]
    return [endpoint.secret]


def signed_request(rt: Runtime, endpoint: WebhookEndpoint, attempt: Attempt) -> OutboundRequest:
    headers = signed_headers(
        attempt.message_id, rt.now(), attempt.body, signing_secrets(rt, endpoint)
    )
    return OutboundRequest(endpoint.url, attempt.body.encode(), headers)


@jobs.job(ATTEMPT_JOB, max_attempts=3)
async def _attempt(
    session: AsyncSession, rt: Runtime, payload: jobs.Payload
) -> jobs.Delivery | None:
    attempt = Attempt.of(payload)
    endpoint = await webhook_repo.get(session, attempt.endpoint_id)
    if endpoint is None or endpoint.disabled_at is not None:
        return None  # removed or disabled since: nothing is sent
    request = signed_request(rt, endpoint, attempt)

    async def send() -> jobs.Record:
        outcome = await rt.webhooks.send(request)
        return partial(record, attempt=attempt, outcome=outcome)

    return send


def _log_row(rt: Runtime, attempt: Attempt, outcome: SendOutcome) -> WebhookDelivery:
    return WebhookDelivery(
        endpoint_id=attempt.endpoint_id, message_id=attempt.message_id, event_type=attempt.type,
        attempt=attempt.number, outcome=outcome.outcome, response_status=outcome.status_code,
        duration_ms=outcome.duration_ms, error=outcome.error, created_at=rt.now(),
    )  # fmt: skip


async def record(
    session: AsyncSession, rt: Runtime, *, attempt: Attempt, outcome: SendOutcome
) -> None:
    """What the receiver answered: logged; then the endpoint's health, a retry or disabling."""
    endpoint = await webhook_repo.lock(session, attempt.endpoint_id)
    if endpoint is None:
        return  # removed while the request was out
    await webhook_repo.log(session, _log_row(rt, attempt, outcome), LOG_KEPT)
    if attempt.type == TEST_EVENT:
        return  # a test tells whoever sent it; the endpoint's health is its real messages'
    if outcome.delivered:
        endpoint.failing_since, endpoint.last_success_at = None, rt.now()
        return
    endpoint.failing_since = endpoint.failing_since or rt.now()
    if endpoint.disabled_at is not None:
        return
    if rt.now() - endpoint.failing_since >= timedelta(
        hours=rt.settings.webhook_disable_after_hours
    ):
        await disable(session, rt, endpoint)
    else:
        await _retry_later(session, rt, attempt)


async def _retry_later(session: AsyncSession, rt: Runtime, attempt: Attempt) -> None:
    waits = rt.settings.webhook_retry_seconds
    if attempt.number > len(waits):
        return  # its last attempt: the message is dropped (the log shows each try)
    wait = timedelta(seconds=waits[attempt.number - 1])
    await queue_attempt(session, rt, replace(attempt, number=attempt.number + 1), wait)


# --- disabling -----------------------------------------------------------------------------------


async def disable(session: AsyncSession, rt: Runtime, endpoint: WebhookEndpoint) -> None:
    """Stop sending to a persistently failing endpoint, and tell the admins by mail."""
    assert endpoint.failing_since is not None
    since = f"{endpoint.failing_since:%Y-%m-%d %H:%M} UTC"
    reason = f"No delivery succeeded since {since}."
    await webhook_repo.disable(session, endpoint.id, rt.now(), reason)
    after_commit(session, rt.webhook_sites.forget)
    for admin in await webhook_repo.admins_with_mail(session):
        await jobs.enqueue(
            session, rt, MAIL_JOB, {"endpoint_id": endpoint.id, "account_id": admin.id},
            key=f"{MAIL_JOB}:{endpoint.id}:{admin.id}:{int(rt.now().timestamp())}",
        )  # fmt: skip


@jobs.job(MAIL_JOB, max_attempts=12)
async def _mail_disabled(
    session: AsyncSession, rt: Runtime, payload: jobs.Payload
) -> jobs.Delivery | None:
    endpoint = await webhook_repo.get(session, int(payload["endpoint_id"]))
    admin = await account_repo.get(session, int(payload["account_id"]))
    if endpoint is None or endpoint.disabled_at is None or admin is None or admin.role != "admin":
        return None  # enabled again, removed, or no longer an admin: nothing to tell
    site = await site_repo.get(session, endpoint.site_id)
    page = f"{rt.settings.public_url.rstrip('/')}/admin/sites/{site.slug if site else ''}/webhooks"
    t = webhook_mail.translator(
        admin.language or (access.settings_of(site).dsa.language if site else None)
    )
    fields = {"id": endpoint.id, "site": site.name if site else t("a_site")}
    body = t("body", name=admin.display_name, url=endpoint.url, reason=endpoint.disabled_reason,
             page=page, **fields)  # fmt: skip
    try:
        message = mail.for_confirmed(admin, t("subject", **fields), body)
    except Forbidden:
        return None  # the address is no longer confirmed
    return partial(mail.deliver, rt.mail, rt.settings, message)


# --- a test message ---------------------------------------------------------------------------


async def test_attempt(
    session: AsyncSession, rt: Runtime, endpoint_id: int
) -> tuple[Attempt, OutboundRequest]:
    """A signed `webhook.test` message for the endpoint (disabled or not): sent by the caller."""
    endpoint = await webhook_repo.get(session, endpoint_id)
    site = await site_repo.get(session, endpoint.site_id) if endpoint else None
    if endpoint is None or site is None:
        raise NotFound(f"There is no webhook endpoint {endpoint_id}.")
    data = {"site": site.slug, "endpoint_id": endpoint.id, "message": "A test from Rejoinder."}
    attempt = Attempt(endpoint.id, new_message_id(), TEST_EVENT, message_body(rt, TEST_EVENT, data))
    return attempt, signed_request(rt, endpoint, attempt)
