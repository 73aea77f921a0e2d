"""Request dependencies: the runtime, one session (one transaction) per request, the requester."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from rejoinder.domain.errors import Unauthorized, Unavailable
from rejoinder.domain.principal import Principal
from rejoinder.domain.requester import Requester
from rejoinder.http.cache import PageCache
from rejoinder.http.client_ip import client_ip
from rejoinder.platform import metrics
from rejoinder.platform.rate_limits import reader_network
from rejoinder.platform.tokens import identity_hash
from rejoinder.services import access, auth
from rejoinder.services.access import CSRF_HEADER
from rejoinder.services.after_commit import discard_effects, run_effects
from rejoinder.services.post_writer import PostWriter
from rejoinder.services.runtime import Runtime
from rejoinder.services.wiring import ReplicaReads, database_unreachable

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_NO_TURN = "_rejoinder_writes_through_post_writer"
F = TypeVar("F", bound=Callable[..., Any])
SESSION_COOKIE = "rejoinder_session"


async def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


async def get_post_writer(request: Request) -> PostWriter:
    writer: PostWriter = request.app.state.post_writer
    return writer


async def get_page_cache(request: Request) -> PageCache:
    cache: PageCache = request.app.state.page_cache
    return cache


async def _session(request: Request) -> AsyncIterator[AsyncSession]:
    """Commits when the handler returns, before the response is sent; rolls back on error.

    On SQLite, writes of this process take turns (one writer at a time is all SQLite allows;
    queueing here beats SQLite's busy-wait retries). A database that cannot be reached (being
    restarted, say) is a 503 to retry, not a 500. One generator, no nested one: an error thrown
    in at the `yield` must close the session here and now, not when a nested generator is
    collected (its connection would stay out of the pool until then).
    """
    lock: asyncio.Lock | None = request.app.state.write_lock
    takes_turn = lock is not None and request.method in WRITE_METHODS and _takes_turn(request)
    if lock is not None and takes_turn:
        await lock.acquire()
    factory: async_sessionmaker[AsyncSession] = request.app.state.sessions
    try:
        async with factory() as session:
            try:
                yield session
            except BaseException:
                discard_effects(session)
                await session.rollback()
                raise
            await session.commit()
            run_effects(session)
    except Exception as error:  # the handler's, or the commit's
        if database_unreachable(error):
            raise database_unavailable() from error
        raise
    finally:
        if lock is not None and takes_turn:
            lock.release()


def writes_through_post_writer(endpoint: F) -> F:
    """Mark a handler whose writes go to the post writer (services/post_writer.py): its own
    session only reads, so it takes no turn at SQLite's writer; what it writes itself (a story
    started by its first comment) it commits before handing the post over."""
    setattr(endpoint, _NO_TURN, True)  # a marker, read back by name
    return endpoint


def _takes_turn(request: Request) -> bool:
    return not getattr(request.scope.get("endpoint"), _NO_TURN, False)


def database_unavailable() -> Unavailable:
    """The answer while the database restarts or is away (a 503 to retry, not a 500)."""
    return Unavailable(
        "The database is not answering right now (it may be restarting). "
        "Please try again in a few seconds.",
        retry_after=2,
    )


@dataclass(frozen=True)
class ReadPath:
    """Where a public read goes: a session and the runtime whose story lookups match it."""

    session: AsyncSession
    runtime: Runtime


def carries_sign_in(request: Request) -> bool:
    """A bearer token or the session cookie: the reader may read what they just wrote."""
    return "authorization" in request.headers or SESSION_COOKIE in request.cookies


async def _read_path(request: Request, primary: SessionDep) -> AsyncIterator[ReadPath]:
    """The read replica for anonymous public reads (ADR 0019), else the primary's session.

    Whoever carries a sign-in reads from the primary (they may have just written). A replica
    that cannot be reached is skipped: the read is the primary's, and so are its story lookups.
    The replica's connection is taken here, before the handler runs, so that a replica that
    is down costs a fallback rather than an error.
    """
    replica: ReplicaReads | None = request.app.state.replica
    runtime: Runtime = request.app.state.runtime
    if replica is None or carries_sign_in(request):
        metrics.read_from("primary")
        yield ReadPath(primary, runtime)
        return
    session = replica.sessions() if replica.health.usable() else None
    if session is not None:
        try:
            await session.connection()
        except Exception as error:  # refused, timed out, starting up: any of them, the primary
            with contextlib.suppress(Exception):
                await session.close()
            replica.health.failed(error)
            session = None
    if session is None:
        metrics.read_from("fallback")
        yield ReadPath(primary, runtime)
        return
    replica.health.succeeded()
    metrics.read_from("replica")
    try:
        yield ReadPath(session, replica.runtime_over(runtime))
    except BaseException as error:
        discard_effects(session)
        replica.failed_during_read(error)
        with contextlib.suppress(Exception):  # the connection may be gone: the error matters
            await session.rollback()
        if database_unreachable(error):
            raise database_unavailable() from error
        raise
    else:
        await session.commit()  # a read-only transaction's end
        run_effects(session)
    finally:
        with contextlib.suppress(Exception):
            await session.close()


async def _read_session(path: ReadPathDep) -> AsyncSession:
    return path.session


async def _read_runtime(path: ReadPathDep) -> Runtime:
    return path.runtime


def request_ip(request: Request, runtime: Runtime) -> str:
    peer = request.client.host if request.client else "unknown"
    proxies = tuple(runtime.settings.trusted_proxies)
    return client_ip(peer, request.headers.get("x-forwarded-for"), proxies)


def bearer_token(request: Request) -> str | None:
    """The token of `Authorization: Bearer <token>`: None without the header, 401 if malformed."""
    header = request.headers.get("authorization", "")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("Send the token as 'Authorization: Bearer <token>'.")
    return token.strip()


def presented_token(request: Request) -> str | None:
    """The session token this request carries: bearer first, then the cookie."""
    return bearer_token(request) or request.cookies.get(SESSION_COOKIE) or None


async def get_principal(
    request: Request, runtime: RuntimeDep, session: SessionDep
) -> Principal | None:
    """The signed-in account: a bearer token (widget, API clients) or the session cookie.

    A bearer token that is unknown or expired is a 401; a stale cookie is simply no sign-in.
    Cookie-authenticated writes must carry the session's CSRF token (SECURITY 8, 18).
    """
    token = bearer_token(request)
    if token is not None:
        return await access.access_bearer(session, runtime, token)
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return None
    principal = await auth.principal_for(session, runtime, cookie, "cookie")
    if principal is not None and request.method in WRITE_METHODS:
        access.check_csrf(runtime, cookie, request.headers.get(CSRF_HEADER, ""))
    return principal


async def get_reader(
    request: Request, runtime: RuntimeDep, session: SessionDep
) -> Principal | None:
    """Who reads (for their mutes): a stale sign-in reads as a guest rather than failing."""
    try:
        return await get_principal(request, runtime, session)
    except Unauthorized:
        return None


async def get_requester(
    request: Request, runtime: RuntimeDep, principal: PrincipalDep
) -> Requester:
    ip = request_ip(request, runtime)
    network = reader_network(ip)
    return Requester(
        ip=ip,
        origin=request.headers.get("origin"),
        reader_key=identity_hash(runtime.signing_key, "ip", network),
        principal=principal,
        address_key=identity_hash(runtime.signing_key, "ip", ip) if network != ip else None,
    )


async def get_account(principal: PrincipalDep) -> Principal:
    return access.access_signed_in(principal)


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
SessionDep = Annotated[AsyncSession, Depends(_session, scope="function")]
ReadPathDep = Annotated[ReadPath, Depends(_read_path, scope="function")]
# Public reads: the replica's session for anonymous readers when one is configured (ADR 0019);
# a handler that looks stories up with it takes ReadRuntimeDep too (the matching lookups).
ReadSessionDep = Annotated[AsyncSession, Depends(_read_session)]
ReadRuntimeDep = Annotated[Runtime, Depends(_read_runtime)]
PrincipalDep = Annotated[Principal | None, Depends(get_principal)]
AccountDep = Annotated[Principal, Depends(get_account)]
ReaderDep = Annotated[Principal | None, Depends(get_reader)]
RequesterDep = Annotated[Requester, Depends(get_requester)]
PageCacheDep = Annotated[PageCache, Depends(get_page_cache)]
PostWriterDep = Annotated[PostWriter, Depends(get_post_writer)]
