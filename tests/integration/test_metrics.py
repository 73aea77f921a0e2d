"""`/metrics`: for an admin's API token only; requests, posts, scoring and the page cache counted.

The metric objects live for the whole test process (prometheus-client wants them once per
process), so every test compares a scrape after with a scrape before.
"""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from rejoinder.services import auth
from rejoinder.storage.db import session_factory
from rejoinder.storage.models import Account
from tests.conftest import make_site
from tests.helpers import listing, post
from tests.integration.signed_in import SignedIn, sign_in
from tests.live_client import LiveReader
from tests.metrics_scrape import sample

LIST_ROUTE = "/api/v1/sites/{site}/stories/{story}/comments"
RUDE = "You sound like a fool."  # the default pipeline asks its author to reconsider
TOXIC = "You are a pathetic idiot and a worthless moron, shut up."


async def api_token(app: FastAPI, who: SignedIn) -> dict[str, str]:
    async with session_factory(app.state.engine)() as db:
        account = await db.get(Account, who.account_id)
        assert account is not None
        _row, secret = await auth.create_api_token(db, app.state.runtime, account, "prometheus")
        await db.commit()
    assert secret.startswith("rjt_")
    return {"authorization": f"Bearer {secret}"}


async def admin_token(app: FastAPI) -> dict[str, str]:
    return await api_token(app, await sign_in(app, "ops", admin=True))


async def scrape(client: httpx.AsyncClient, token: dict[str, str]) -> str:
    response = await client.get("/metrics", headers=token)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    return response.text


async def test_metrics_answer_only_an_admins_api_token(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    reader = await sign_in(app, "reader")
    admin = await sign_in(app, "admin", admin=True)
    assert (await client.get("/metrics")).status_code == 401
    bogus = {"authorization": "Bearer rjt_not-a-token"}
    assert (await client.get("/metrics", headers=bogus)).status_code == 401
    for refused in (reader.headers, admin.headers, await api_token(app, reader)):
        answer = await client.get("/metrics", headers=refused)  # a session, or not an admin
        assert answer.status_code == 403, answer.text
        assert answer.json()["error"]["code"] == "forbidden"
    assert "rejoinder_http_requests_total" in await scrape(client, await api_token(app, admin))


async def test_metrics_stay_out_of_the_openapi_document(app: FastAPI) -> None:
    assert "/metrics" not in app.openapi()["paths"]


async def test_requests_are_counted_by_route_template_fast_path_included(
    client: httpx.AsyncClient, app: FastAPI, site: str
) -> None:
    token = await admin_token(app)
    await post(client, site)
    before = await scrape(client, token)
    await listing(client, site)  # built by the handler: a miss
    await listing(client, site)  # answered before routing by the fast path: a hit
    assert (await client.get("/api/v1/no/such/thing")).status_code == 404
    after = await scrape(client, token)

    def moved(name: str, **labels: str) -> float:
        return sample(after, name, **labels) - sample(before, name, **labels)

    ok = {"method": "GET", "route": LIST_ROUTE, "status": "200"}
    assert moved("rejoinder_http_requests_total", **ok) == 2
    assert (
        moved("rejoinder_http_request_duration_seconds_count", method="GET", route=LIST_ROUTE) == 2
    )
    assert moved("rejoinder_http_requests_total", route="unmatched", status="404") == 1
    assert moved("rejoinder_page_cache_lookups_total", result="miss") == 1
    assert moved("rejoinder_page_cache_lookups_total", result="hit") == 1
    assert "story-1" not in after and "/no/such" not in after  # templates, never raw paths


async def test_posts_are_counted_by_outcome_and_scoring_is_timed(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    await make_site(app, "news")
    await make_site(app, "careful", moderation={"mode": "pre"})
    token = await admin_token(app)
    before = await scrape(client, token)
    await post(client, "news")
    await post(client, "careful", expect=202)
    await post(client, "news", body=TOXIC, expect=202)
    await post(client, "news", body=RUDE, expect=422)
    after = await scrape(client, token)

    def moved(name: str, **labels: str) -> float:
        return sample(after, name, **labels) - sample(before, name, **labels)

    for outcome in ("published", "pending", "rejected", "nudged"):
        assert moved("rejoinder_comments_posted_total", outcome=outcome) == 1, outcome
    assert moved("rejoinder_moderation_scoring_seconds_count") == 4
    assert moved("rejoinder_moderation_scoring_seconds_sum") > 0
    posted = {"method": "POST", "route": LIST_ROUTE}
    assert moved("rejoinder_http_requests_total", **posted, status="201") == 1
    assert moved("rejoinder_http_requests_total", **posted, status="202") == 2
    assert moved("rejoinder_http_requests_total", **posted, status="422") == 1


async def test_a_safe_request_id_is_kept_and_any_other_replaced(
    client: httpx.AsyncClient,
) -> None:
    kept = await client.get("/healthz", headers={"x-request-id": "lb-7f3a.2_x"})
    assert kept.headers["x-request-id"] == "lb-7f3a.2_x"
    for unsafe in (b"a b", b"x" * 65, b"<script>", b"id;rm", "\u00e9t\u00e9".encode()):
        answer = await client.get("/healthz", headers={b"x-request-id": unsafe})
        made = answer.headers["x-request-id"]
        assert made.encode() != unsafe and len(made) == 32 and made.isalnum()
    first = await client.get("/healthz")
    second = await client.get("/healthz")
    assert first.headers["x-request-id"] != second.headers["x-request-id"]


async def test_an_error_escaping_a_handler_is_counted_as_the_500_it_becomes(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    async def broken() -> None:
        raise RuntimeError("a bug")

    app.add_api_route("/broken", broken)
    token = await admin_token(app)
    before = await scrape(client, token)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as raw:
        answer = await raw.get("/broken")
    assert answer.status_code == 500 and answer.json()["error"]["code"] == "internal_error"
    after = await scrape(client, token)
    failed = {"method": "GET", "route": "/broken", "status": "500"}
    assert (
        sample(after, "rejoinder_http_requests_total", **failed)
        - sample(before, "rejoinder_http_requests_total", **failed)
        == 1
    )


async def test_open_live_streams_are_counted_while_they_last(
    client: httpx.AsyncClient, app: FastAPI, site: str
) -> None:
    token = await admin_token(app)
    await post(client, site)
    before = sample(await scrape(client, token), "rejoinder_live_connections")
    async with LiveReader(app, f"/api/v1/sites/{site}/stories/story-1/events"):
        during = sample(await scrape(client, token), "rejoinder_live_connections")
    after = sample(await scrape(client, token), "rejoinder_live_connections")
    assert (during - before, after - before) == (1, 0)
