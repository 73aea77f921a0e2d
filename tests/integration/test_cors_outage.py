"""CORS while the database is away: SiteCors looks a site's origins up before any request's own
session, outside FastAPI's error handling, so an outage there must not become a 500. With the
origins known (the lookup's TTL expired meanwhile) it keeps answering them; with nothing known
for the site it answers the same 503 as any request that needs the database.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from rejoinder.app import create_app
from rejoinder.config import Settings
from rejoinder.http import cors
from tests.conftest import GENEROUS_LIMITS, ORIGIN, make_site
from tests.pg_cluster import PrivatePostgres, private_postgres

COMMENTS = "/api/v1/sites/news/stories/story-1/comments"
ME = "/api/v1/me"
PREFLIGHT = {"origin": ORIGIN, "access-control-request-method": "POST"}


@pytest.fixture
async def outage(tmp_path: Path) -> AsyncIterator[tuple[FastAPI, PrivatePostgres]]:
    """An in-process app on a PostgreSQL of the test's own, with the site `news`."""
    with private_postgres() as postgres:
        url = await postgres.create_database(f"rejoinder_cors_{uuid.uuid4().hex[:10]}")
        settings = Settings(database_url=url, data_dir=tmp_path, secret_key="cors-outage-secret",
                            rate_limits=GENEROUS_LIMITS)  # fmt: skip
        app = create_app(settings)
        await make_site(app, "news")
        try:
            yield app, postgres
        finally:
            if not postgres.running():
                postgres.start()
            await app.state.shutdown()


@asynccontextmanager
async def _client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    # A 500 is what the browser would get: take it as an answer, not as the test's exception.
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


def _cors_warnings(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == cors.__name__ and r.levelno == logging.WARNING]


async def test_a_cold_cache_with_the_database_down_is_503_not_500(
    outage: tuple[FastAPI, PrivatePostgres], caplog: pytest.LogCaptureFixture
) -> None:
    app, postgres = outage
    caplog.set_level(logging.INFO, logger=cors.__name__)
    postgres.stop("fast")
    async with _client(app) as client:
        asks = [("GET", COMMENTS, {"origin": ORIGIN}), ("OPTIONS", COMMENTS, PREFLIGHT),
                ("GET", ME, {"origin": ORIGIN}), ("OPTIONS", ME, PREFLIGHT),
                ("GET", COMMENTS, {"origin": ORIGIN})]  # fmt: skip
        for method, path, headers in asks:
            answer = await client.request(method, path, headers=headers)
            assert answer.status_code == 503, (method, path, answer.status_code, answer.text)
            error = answer.json()["error"]
            assert set(answer.json()) == {"error"}
            assert error["code"] == "unavailable"
            assert "database" in error["message"].lower()
            assert int(answer.headers["retry-after"]) >= 1
            # Nothing is known of the site's origins: none is echoed, and the answer says so.
            assert "access-control-allow-origin" not in answer.headers
            assert "origin" in answer.headers["vary"].lower()
            assert answer.headers["x-content-type-options"] == "nosniff"  # SecurityHeaders ran
        assert len(_cors_warnings(caplog)) == 1, [r.getMessage() for r in caplog.records]

        postgres.start()
        back = await client.get(COMMENTS, headers={"origin": ORIGIN})
        assert back.status_code == 200, back.text
        assert back.headers["access-control-allow-origin"] == ORIGIN


async def test_a_warm_cache_keeps_the_last_known_origins_through_an_outage(
    outage: tuple[FastAPI, PrivatePostgres],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    app, postgres = outage
    caplog.set_level(logging.INFO, logger=cors.__name__)
    # Every origin list expires at once: each request below looks its origins up again.
    monkeypatch.setattr(cors, "TTL_SECONDS", 0.0)
    async with _client(app) as client:
        warm = await client.get(COMMENTS, headers={"origin": ORIGIN})
        assert warm.status_code == 200, warm.text
        assert warm.headers["access-control-allow-origin"] == ORIGIN
        me = await client.get(ME, headers={"origin": ORIGIN})
        assert me.headers["access-control-allow-origin"] == ORIGIN

        postgres.stop("fast")
        statuses = []
        for _ in range(4):
            for path in (COMMENTS, ME):
                answer = await client.get(path, headers={"origin": ORIGIN})
                statuses.append(answer.status_code)
                # The request's own database work may be a 503; the answer is readable all the same.
                assert answer.status_code != 500, answer.text
                assert answer.headers["access-control-allow-origin"] == ORIGIN, (path, answer)
                preflight = await client.options(path, headers=PREFLIGHT)
                assert preflight.status_code == 204, preflight.text
                assert preflight.headers["access-control-allow-origin"] == ORIGIN
                # The last known origins are still the only ones answered.
                evil = await client.get(path, headers={"origin": "https://evil.example"})
                assert evil.status_code != 500, evil.text
                assert "access-control-allow-origin" not in evil.headers
        print(f"statuses while the database is down: {statuses}")
        # A write needs the database: its 503 still carries the origin, so the widget reads it.
        payload = {"body": "While the database is down.", "author_name": "Reader",
                   "story_url": f"{ORIGIN}/story-1"}  # fmt: skip
        post = await client.post(COMMENTS, json=payload, headers={"origin": ORIGIN})
        assert post.status_code == 503, post.text
        assert post.json()["error"]["code"] == "unavailable"
        assert post.headers["retry-after"]
        assert post.headers["access-control-allow-origin"] == ORIGIN
        assert len(_cors_warnings(caplog)) == 1, [r.getMessage() for r in caplog.records]

        postgres.start()
        back = await client.get(COMMENTS, headers={"origin": ORIGIN})
        assert back.status_code == 200, back.text
        assert back.headers["access-control-allow-origin"] == ORIGIN
