"""Request dependencies: the runtime, one session (one transaction) per request, the requester."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from rejoinder.domain.requester import Requester
from rejoinder.http.cache import PageCache
from rejoinder.services.after_commit import discard_effects, run_effects
from rejoinder.services.runtime import Runtime
from rejoinder.services.tokens import identity_hash

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


async def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


async def get_page_cache(request: Request) -> PageCache:
    cache: PageCache = request.app.state.page_cache
    return cache


async def _session(request: Request) -> AsyncIterator[AsyncSession]:
    """Commits when the handler returns, before the response is sent; rolls back on error.

    On SQLite, writes of this process take turns (one writer at a time is all SQLite allows;
    queueing here beats SQLite's busy-wait retries).
    """
    lock: asyncio.Lock | None = request.app.state.write_lock
    if lock is not None and request.method in WRITE_METHODS:
        async with lock:
            async for session in _transaction(request):
                yield session
    else:
        async for session in _transaction(request):
            yield session


async def _transaction(request: Request) -> AsyncIterator[AsyncSession]:
    factory: async_sessionmaker[AsyncSession] = request.app.state.sessions
    async with factory() as session:
        try:
            yield session
        except BaseException:
            discard_effects(session)
            await session.rollback()
            raise
        await session.commit()
        run_effects(session)


async def get_requester(request: Request, runtime: RuntimeDep) -> Requester:
    ip = request.client.host if request.client else "unknown"
    return Requester(
        ip=ip,
        origin=request.headers.get("origin"),
        reader_key=identity_hash(runtime.signing_key, "ip", ip),
    )


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
SessionDep = Annotated[AsyncSession, Depends(_session, scope="function")]
RequesterDep = Annotated[Requester, Depends(get_requester)]
PageCacheDep = Annotated[PageCache, Depends(get_page_cache)]
