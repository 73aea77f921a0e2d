"""create_app(): the one place that wires settings, storage, services and HTTP together."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial

from fastapi import FastAPI

from rejoinder import __version__
from rejoinder.config import Settings
from rejoinder.http import errors
from rejoinder.http.access_log import AccessLog
from rejoinder.http.account_pages import router as account_pages_router
from rejoinder.http.api import api_router
from rejoinder.http.assets import router as assets_router
from rejoinder.http.cache import PageCache
from rejoinder.http.compression import JsonCompression
from rejoinder.http.cors import SiteCors
from rejoinder.http.fast_reads import FastReads
from rejoinder.http.metrics import router as metrics_router
from rejoinder.http.middleware import BodyLimit, SecurityHeaders, UrlGuard
from rejoinder.http.pages import router as pages_router
from rejoinder.moderation import load_default_model
from rejoinder.services import mail, sites, stories
from rejoinder.services.logs import configure_logging
from rejoinder.services.rate_limits import RateLimiter
from rejoinder.services.runtime import Runtime
from rejoinder.services.story_cache import StoryCache
from rejoinder.storage.counters.memory import MemoryCounters
from rejoinder.storage.counters.redis import RedisCounters
from rejoinder.storage.db import create_engine, session_factory


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    configure_logging(settings.log_format)  # per process: each worker builds its own app
    engine = create_engine(settings.resolved_database_url)
    sessions = session_factory(engine)
    # Shared by every app server through Redis when configured, else counted in this process.
    counters: RedisCounters | MemoryCounters = MemoryCounters()
    if settings.redis_url:
        counters = RedisCounters.from_url(settings.redis_url)

    async def shutdown() -> None:
        # Work started by the last requests (mail, story lookups) finishes before the pool goes.
        await mail.drain()
        await counters.aclose()
        await engine.dispose()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Load the moderation models before the first post rather than during it.
        await asyncio.to_thread(load_default_model, settings.moderation_mode)
        yield
        await shutdown()

    app = FastAPI(
        title="Rejoinder",
        version=__version__,
        summary="Comments for news sites: the public reader API.",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # http/assets.py serves /api/v1/docs from our own files (no CDN)
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.engine = engine
    app.state.shutdown = shutdown  # the lifespan's end, for callers that run none (tests)
    app.state.sessions = sessions
    app.state.write_lock = asyncio.Lock() if engine.dialect.name == "sqlite" else None

    app.state.runtime = Runtime(
        settings=settings,
        signing_key=settings.signing_key(),
        stories=StoryCache(
            settings.read_freshness_seconds, renew=partial(stories.lookup_in, sessions)
        ),
        limiter=RateLimiter(counters, settings.rate_limits),
    )
    app.state.page_cache = PageCache(settings.page_cache_entries)
    errors.install(app)
    app.include_router(api_router())
    app.include_router(pages_router)
    app.include_router(account_pages_router)
    app.include_router(assets_router)
    app.include_router(metrics_router)

    app.add_middleware(JsonCompression)  # inside FastReads: cached pages come compressed already
    app.add_middleware(FastReads, stories=app.state.runtime.stories, pages=app.state.page_cache)
    app.add_middleware(
        SiteCors,
        lookup=partial(sites.allowed_origins_in, sessions),
        all_origins=partial(sites.origins_of_all_sites_in, sessions),
    )
    app.add_middleware(UrlGuard)  # before CORS looks the site up
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(SecurityHeaders)  # the answers of the others carry them
    app.add_middleware(AccessLog)  # the outermost: it times, counts and logs every answer
    return app
