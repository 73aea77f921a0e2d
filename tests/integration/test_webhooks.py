"""Signed webhooks end to end, on both databases: comments posted through the API, delivered
by the durable job queue to a real receiver (an HTTP server in a thread) that verifies every
request with the `standardwebhooks` package, as a newsroom's receiver would.

Waits between retries are real (60 s here); a test moves the runtime's clock on to make the
next attempt due, as the workers would find it later.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from rejoinder.config import Settings
from rejoinder.services import mail, webhooks, worker
from rejoinder.storage.models import Job, WebhookDelivery
from tests.conftest import GENEROUS_LIMITS, QueryCounter
from tests.helpers import post
from tests.webhook_receiver import Receiver, running

RETRY_SECONDS = [60.0] * 7


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        database_url=database_url,
        data_dir=tmp_path,
        secret_key="test-secret-key",
        rate_limits=GENEROUS_LIMITS,
        webhook_allow_hosts=["127.0.0.1"],
        webhook_retry_seconds=RETRY_SECONDS,
    )


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with running([200]) as listening:
        yield listening


async def add_endpoint(app: FastAPI, site: str, url: str, *events: str) -> tuple[int, str]:
    async with app.state.sessions() as session:
        view, secret = await webhooks.add(session, app.state.runtime, site, url, list(events))
        await session.commit()
    app.state.runtime.webhook_sites.forget()  # as the commit's effect does in a request
    return view.id, secret


def later(app: FastAPI, by: timedelta) -> None:
    """The runtime's clock moved on by `by`: retries that wait that long are due."""
    app.state.runtime = dataclasses.replace(app.state.runtime, clock=lambda: datetime.now(UTC) + by)


async def log_of(app: FastAPI, endpoint_id: int) -> list[WebhookDelivery]:
    async with app.state.sessions() as session:
        return await webhooks.delivery_log(session, endpoint_id)


async def test_a_receiver_verifies_each_delivery_and_gets_a_retry_after_a_500(
    app: FastAPI, client: httpx.AsyncClient, site: str
) -> None:
    with running([500, 200]) as receiver:
        endpoint_id, secret = await add_endpoint(app, site, receiver.url, "comment.published")
        comment = await post(client, site)
        await mail.drain()
        assert len(receiver.received) == 1  # answered 500; the retry waits
        later(app, timedelta(seconds=61))
        await mail.drain()
        first, retry = receiver.received
    payloads = [first.verify(secret), retry.verify(secret)]
    assert payloads[0] == payloads[1]  # the same message, signed again at its retry
    assert first.headers["webhook-id"] == retry.headers["webhook-id"]
    data = payloads[0]["data"]
    assert payloads[0]["type"] == "comment.published" and isinstance(data, dict)
    assert data["site"] == site and data["story"]["id"] == "story-1"
    assert data["story"]["url"] == "https://news.example/politics/story-1"
    assert data["comment"]["id"] == comment["id"] and data["comment"]["author"] == {
        "name": "Reader"
    }
    assert data["comment"]["body_html"] == comment["body_html"]
    with pytest.raises(WebhookVerificationError):
        Webhook("whsec_" + "A" * 43 + "=").verify(first.body, first.headers)
    log = await log_of(app, endpoint_id)
    assert [(r.attempt, r.outcome, r.response_status) for r in reversed(log)] == [
        (1, "failed", 500),
        (2, "delivered", 200),
    ]


async def test_each_event_type_with_only_public_fields(
    app: FastAPI, client: httpx.AsyncClient, site: str, receiver: Receiver
) -> None:
    """Every type an endpoint wants (none named: all); no address, IP or key in any."""
    _, secret = await add_endpoint(app, site, receiver.url)
    comment = await post(client, site, author_email="reader@example.org")
    report = await client.post(
        f"/api/v1/sites/{site}/comments/{comment['id']}/reports", json={"reason": "spam"}
    )
    assert report.status_code == 201, report.text
    deleted = await client.request(
        "DELETE",
        f"/api/v1/sites/{site}/comments/{comment['id']}",
        headers={"x-edit-token": comment["edit_token"]},
    )
    assert deleted.status_code in (200, 204), deleted.text
    await mail.drain()
    payloads = [r.verify(secret) for r in receiver.received]
    assert [p["type"] for p in payloads] == [
        "story.created", "comment.created", "comment.published", "report.filed",
        "comment.deleted",
    ]  # fmt: skip
    text = b" ".join(r.body for r in receiver.received).decode()
    for secret_like in ("reader@example.org", "127.0.0.1", "reader_key", "whsec_", "detail"):
        assert secret_like not in text
    gone = payloads[-1]["data"]
    assert isinstance(gone, dict) and "body_html" not in gone["comment"]


async def test_deliveries_stop_for_a_removed_endpoint(
    app: FastAPI, client: httpx.AsyncClient, site: str
) -> None:
    with running([500]) as receiver:
        endpoint_id, _ = await add_endpoint(app, site, receiver.url, "comment.published")
        await post(client, site)
        await mail.drain()
        assert len(receiver.received) == 1
        async with app.state.sessions() as session:
            await webhooks.remove(session, app.state.runtime, endpoint_id)
            await session.commit()
        later(app, timedelta(days=2))
        outcomes = await worker.drain_all()
        ran = [(o.kind, o.done) for o in outcomes if o.kind.startswith("webhook")]
        assert ran == [("webhook.attempt", True)]  # the retry ran and found nothing to send
        await post(client, site)
        await mail.drain()
        assert len(receiver.received) == 1


async def test_during_a_rotation_each_secret_verifies(
    app: FastAPI, client: httpx.AsyncClient, site: str, receiver: Receiver
) -> None:
    endpoint_id, old = await add_endpoint(app, site, receiver.url, "comment.published")
    async with app.state.sessions() as session:
        _, new = await webhooks.rotate(session, app.state.runtime, endpoint_id)
        await session.commit()
    await post(client, site)
    await mail.drain()
    [got] = receiver.received
    assert len(got.headers["webhook-signature"].split(" ")) == 2
    assert got.verify(old) == got.verify(new)
    later(app, timedelta(hours=25))  # the overlap is over: the new secret alone signs
    async with app.state.sessions() as session:
        [view] = await webhooks.listed(session, app.state.runtime, site)
    assert view.rotating_until is None


async def _kinds(app: FastAPI) -> list[str]:
    async with app.state.sessions() as session:
        return list((await session.execute(select(Job.kind))).scalars())


async def test_a_site_without_endpoints_pays_nothing_per_post(
    app: FastAPI, client: httpx.AsyncClient, site: str, receiver: Receiver, queries: QueryCounter
) -> None:
    """The write path's rule: no webhook job and no webhook statement per post while the site
    has no endpoint (the list of sites with webhooks is read at most once per interval)."""
    await post(client, site)  # the story exists and the list has been read
    queries.reset()
    for _ in range(3):
        await post(client, site)
    assert not [s for s in queries.statements if "webhook" in s]
    assert not [k for k in await _kinds(app) if "webhook" in k]
    await add_endpoint(app, site, receiver.url, "comment.published")
    await post(client, site)
    assert "event.webhooks.CommentPublished" in await _kinds(app)
    await mail.drain()
    assert len(receiver.received) == 1


async def test_an_endpoint_that_fails_for_a_day_is_disabled(
    app: FastAPI, client: httpx.AsyncClient, site: str
) -> None:
    with running([500]) as receiver:
        endpoint_id, _ = await add_endpoint(app, site, receiver.url, "comment.published")
        await post(client, site)
        await mail.drain()
        later(app, timedelta(hours=25))
        await mail.drain()
        async with app.state.sessions() as session:
            [view] = await webhooks.listed(session, app.state.runtime, site)
        assert view.state == "disabled" and "No delivery succeeded since" in (
            view.disabled_reason or ""
        )
        await post(client, site)
        await mail.drain()
        assert len(receiver.received) == 2  # the first try, the retry a day later; no more
    log = await log_of(app, endpoint_id)
    assert [r.outcome for r in log] == ["failed", "failed"]
    assert json.loads(json.dumps([r.error for r in log])) == ["HTTP 500", "HTTP 500"]
