"""create_app(): the one place that wires settings, storage, services and HTTP together."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial

from fastapi import FastAPI

from rejoinder import __version__
from rejoinder.config import Settings
from rejoinder.http import errors
from rejoinder.http.access_log import AccessLog
from rejoinder.http.account_pages import router as account_pages_router
from rejoinder.http.admin.live import QueueWatch
from rejoinder.http.admin.routes import router as admin_router
from rejoinder.http.admission import PostingAdmission
from rejoinder.http.api import api_router
from rejoinder.http.assets import router as assets_router
from rejoinder.http.cache import PageCache
from rejoinder.http.compression import JsonCompression
from rejoinder.http.cors import SiteCors
from rejoinder.http.dsa_pages import router as dsa_pages_router
from rejoinder.http.fast_reads import FastReads
from rejoinder.http.feed_cache import FeedCache
from rejoinder.http.feeds import FEED_CACHE_ENTRIES
from rejoinder.http.feeds import router as feeds_router
from rejoinder.http.live import LiveStreams
from rejoinder.http.metrics import router as metrics_router
from rejoinder.http.middleware import BodyLimit, SecurityHeaders, UrlGuard
from rejoinder.http.my_pages import router as my_pages_router
from rejoinder.http.notification_pages import router as notification_pages_router
from rejoinder.http.outcome_pages import router as outcome_pages_router
from rejoinder.http.pages import router as pages_router
from rejoinder.moderation import load_default_model
from rejoinder.platform import background
from rejoinder.platform.logs import configure_logging
from rejoinder.services import job_kinds, live, sites
from rejoinder.services.post_writer import PostWriter
from rejoinder.services.wiring import build_replica, build_runtime, close_runtime
from rejoinder.services.worker import Worker
from rejoinder.storage.db import create_engine, session_factory

assert job_kinds.MODULES  # every job kind is registered before a worker starts


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    configure_logging(settings.log_format)  # per process: each worker builds its own app
    engine = create_engine(settings.resolved_database_url, settings.sqlite_synchronous)
    sessions = session_factory(engine)
    write_lock = asyncio.Lock() if engine.dialect.name == "sqlite" else None
    runtime = build_runtime(settings, sessions)
    replica = build_replica(settings)  # anonymous public reads, when configured (ADR 0019)
    live.connect(runtime)
    live_streams = LiveStreams(sessions, runtime.live)
    queue_watch = QueueWatch(sessions, runtime.live)
    worker = Worker(sessions, lambda: app.state.runtime, write_lock)
    post_writer = PostWriter(sessions, lambda: app.state.runtime, write_lock)
    running: list[asyncio.Task[None]] = []

    async def shutdown() -> None:
        # The worker finishes its job, and work started by the last requests (story lookups)
        # finishes, before the pool goes; queued jobs wait in the database for the next start.
        worker.close()
        live_streams.close_all()
        await asyncio.gather(*running, return_exceptions=True)
        await post_writer.close()  # posts already judged are written and answered
        await background.drain()
        await close_runtime(runtime)  # what it opened (tests may swap in another runtime)
        await engine.dispose()
        if replica is not None:
            await replica.engine.dispose()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Load the moderation models before the first post rather than during it.
        await asyncio.to_thread(load_default_model, settings.moderation_mode)
        await runtime.live.start()  # the bus's subscription (Redis), before the first reader
        # What start-up loaded (modules, models) lives as long as the process: collections of
        # the oldest generation, frequent with thousands of live readers, need not walk it.
        gc.freeze()
        if settings.run_worker:
            running.append(asyncio.create_task(worker.run_forever()))
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
    app.state.write_lock = write_lock
    app.state.replica = replica
    app.state.runtime = runtime
    app.state.worker = worker
    app.state.post_writer = post_writer
    app.state.live_streams = live_streams
    app.state.queue_watch = queue_watch
    app.state.page_cache = PageCache(settings.page_cache_entries)
    app.state.feed_cache = FeedCache(FEED_CACHE_ENTRIES)
    errors.install(app)
    app.include_router(api_router())
    app.include_router(pages_router)
    app.include_router(feeds_router)
    app.include_router(account_pages_router)
    app.include_router(dsa_pages_router)
    app.include_router(notification_pages_router)
    app.include_router(my_pages_router)
    app.include_router(outcome_pages_router)
    app.include_router(admin_router)
    app.include_router(assets_router)
    app.include_router(metrics_router)

    app.add_middleware(JsonCompression)  # inside FastReads: cached pages come compressed already
    # Readers it answers are anonymous: with a replica, theirs are the replica's story lookups.
    fast_stories = runtime.stories if replica is None else replica.stories
    app.add_middleware(FastReads, stories=fast_stories, pages=app.state.page_cache)
    app.add_middleware(UrlGuard)
    app.add_middleware(PostingAdmission)  # posts wait here, before any of their work
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    # Outside the guards, so their 404 and 413 reach a site's page readable; it looks up only
    # names a site can have.
    app.add_middleware(
        SiteCors,
        lookup=partial(sites.allowed_origins_in, sessions),
        all_origins=partial(sites.origins_of_all_sites_in, sessions),
    )
    app.add_middleware(SecurityHeaders)  # the answers of the others carry them
    app.add_middleware(AccessLog)  # the outermost: it times, counts and logs every answer
    return app
