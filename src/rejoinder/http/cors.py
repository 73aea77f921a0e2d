"""CORS that echoes only allowed origins (SECURITY 9): never `*`, never credentials.

`/api/v1/sites/{site}/...` answers the site's own origins. The reader's account routes
(`/api/v1/auth/...`, `/api/v1/me...`) are not tied to one site, so they answer an origin that is
allowed by any site: the widget signs readers in with a bearer token from the publisher's page.
Without credentials a browser sends no cookie, so the session cookie still works only on the
install's own pages.

The origins are looked up before any request's own session, outside FastAPI's error handling,
and cached for `TTL_SECONDS`. While the database is away (restarting, stopped) the last known
origins of a site keep being answered (the lookup is tried again every few seconds, with one
warning per outage); a site whose origins are not known yet gets the 503 any request needing the
database gets, never a 500.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Awaitable, Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rejoinder.domain.limits import SITE_SLUG
from rejoinder.http.deps import database_unavailable
from rejoinder.http.errors import error_response
from rejoinder.services.wiring import database_unreachable

log = logging.getLogger(__name__)

SITE_PATH = re.compile(r"^/api/v1/sites/([^/]+)/")
ACCOUNT_PATH = re.compile(r"^/api/v1/(?:auth/|me(?:/|$))")
ALLOW_METHODS = b"GET, POST, PUT, PATCH, DELETE"
ALLOW_HEADERS = (
    b"authorization, content-type, x-csrf-token, x-edit-token, if-none-match, last-event-id"
)
TTL_SECONDS = 30.0
# While the database is away, how long the last known origins are answered before the next try
# (no longer than the TTL): requests meanwhile wait for no connection attempt.
RETRY_SECONDS = 2.0

OriginLookup = Callable[[str], Awaitable[frozenset[str]]]
AllOriginsLookup = Callable[[], Awaitable[frozenset[str]]]


class OriginsUnknown(Exception):
    """The database is away and nothing is known of the origins asked for."""


class SiteCors:
    def __init__(
        self, app: ASGIApp, lookup: OriginLookup, all_origins: AllOriginsLookup | None = None
    ) -> None:
        self.app, self.lookup, self.all_origins = app, lookup, all_origins
        self._cache: dict[str | None, tuple[float, frozenset[str]]] = {}
        self._database_away = False

    async def _cached(
        self, key: str | None, lookup: Callable[[], Awaitable[frozenset[str]]]
    ) -> frozenset[str]:
        """The origins under `key` (a site's slug; None: those of every site), looked up again
        once they expire; while the database is away, the last ones known."""
        now = time.monotonic()
        hit = self._cache.get(key)
        if hit and hit[0] > now:
            return hit[1]
        try:
            origins = await lookup()
        except Exception as error:
            if not database_unreachable(error):
                raise  # a bug, not an outage: the last-resort 500 and its log
            self._away(error)
            if hit is None:
                raise OriginsUnknown from error
            self._cache[key] = (now + min(RETRY_SECONDS, TTL_SECONDS), hit[1])
            return hit[1]
        if self._database_away:
            self._database_away = False
            log.info("CORS origins are looked up again: the database answers")
        self._cache[key] = (now + TTL_SECONDS, origins)
        return origins

    def _away(self, error: BaseException) -> None:
        if not self._database_away:
            self._database_away = True
            # The class, not the message: a message can carry the address (SECURITY 34).
            log.warning(
                "CORS origins cannot be looked up (%s): the last known are answered; sites "
                "with none known answer 503 until the database is back",
                type(error).__name__,
            )

    async def _origins(self, slug: str) -> frozenset[str]:
        return await self._cached(slug, lambda: self.lookup(slug))

    async def _any_site_origins(self) -> frozenset[str]:
        all_origins = self.all_origins
        if all_origins is None:
            return frozenset()
        return await self._cached(None, all_origins)

    async def _allowed(self, path: str) -> frozenset[str] | None:
        """The origins this path answers; None when the path has no CORS at all."""
        match = SITE_PATH.match(path)
        if match is not None:
            slug = match.group(1)
            # No site has any other name: nothing to look up (and a NUL would fail the lookup).
            return await self._origins(slug) if SITE_SLUG.match(slug) else None
        if ACCOUNT_PATH.match(path) is not None:
            return await self._any_site_origins()
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        origin = dict(scope["headers"]).get(b"origin")
        try:
            origins = None if origin is None else await self._allowed(scope["path"])
        except OriginsUnknown:
            await self._unavailable(scope, receive, send)
            return
        if origin is None or origins is None:
            await self.app(scope, receive, send)
            return
        allowed = origin.decode("latin-1").lower() in origins
        if scope["method"] == "OPTIONS":
            await self._preflight(send, origin if allowed else None)
            return
        await self.app(scope, receive, self._adding_headers(send, origin if allowed else None))

    @staticmethod
    async def _unavailable(scope: Scope, receive: Receive, send: Send) -> None:
        """The 503 of a request that needs the database (http/deps), echoing no origin."""
        error = database_unavailable()
        headers = {"Retry-After": str(error.retry_after), "Vary": "origin"}
        response = error_response(error.status, error.code, error.message, headers)
        await response(scope, receive, send)

    @staticmethod
    async def _preflight(send: Send, origin: bytes | None) -> None:
        headers = [(b"vary", b"origin")]
        if origin is not None:
            headers += [
                (b"access-control-allow-origin", origin),
                (b"access-control-allow-methods", ALLOW_METHODS),
                (b"access-control-allow-headers", ALLOW_HEADERS),
                (b"access-control-max-age", b"600"),
            ]
        await send({"type": "http.response.start", "status": 204, "headers": headers})
        await send({"type": "http.response.body", "body": b""})

    @staticmethod
    def _adding_headers(send: Send, origin: bytes | None) -> Send:
        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [*message.get("headers", []), (b"vary", b"origin")]
                if origin is not None:
                    headers.append((b"access-control-allow-origin", origin))
                    headers.append((b"access-control-expose-headers", b"etag, retry-after"))
                message["headers"] = headers
            await send(message)

        return wrapped
