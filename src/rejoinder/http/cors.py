"""CORS that echoes only allowed origins (SECURITY 9): never `*`, never credentials.

`/api/v1/sites/{site}/...` answers the site's own origins. The reader's account routes
(`/api/v1/auth/...`, `/api/v1/me...`) are not tied to one site, so they answer an origin that is
allowed by any site: the widget signs readers in with a bearer token from the publisher's page.
Without credentials a browser sends no cookie, so the session cookie still works only on the
install's own pages.
"""

from __future__ import annotations

import re
import time
from collections.abc import Awaitable, Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rejoinder.domain.limits import SITE_SLUG

SITE_PATH = re.compile(r"^/api/v1/sites/([^/]+)/")
ACCOUNT_PATH = re.compile(r"^/api/v1/(?:auth/|me(?:/|$))")
ALLOW_METHODS = b"GET, POST, PUT, PATCH, DELETE"
ALLOW_HEADERS = (
    b"authorization, content-type, x-csrf-token, x-edit-token, if-none-match, last-event-id"
)
TTL_SECONDS = 30.0

OriginLookup = Callable[[str], Awaitable[frozenset[str]]]
AllOriginsLookup = Callable[[], Awaitable[frozenset[str]]]


class SiteCors:
    def __init__(
        self, app: ASGIApp, lookup: OriginLookup, all_origins: AllOriginsLookup | None = None
    ) -> None:
        self.app, self.lookup, self.all_origins = app, lookup, all_origins
        self._cache: dict[str, tuple[float, frozenset[str]]] = {}
        self._all_cache: tuple[float, frozenset[str]] | None = None

    async def _origins(self, slug: str) -> frozenset[str]:
        now = time.monotonic()
        hit = self._cache.get(slug)
        if hit and hit[0] > now:
            return hit[1]
        origins = await self.lookup(slug)
        self._cache[slug] = (now + TTL_SECONDS, origins)
        return origins

    async def _any_site_origins(self) -> frozenset[str]:
        if self.all_origins is None:
            return frozenset()
        now = time.monotonic()
        hit = self._all_cache
        if hit and hit[0] > now:
            return hit[1]
        origins = await self.all_origins()
        self._all_cache = (now + TTL_SECONDS, origins)
        return origins

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
        origins = None if origin is None else await self._allowed(scope["path"])
        if origin is None or origins is None:
            await self.app(scope, receive, send)
            return
        allowed = origin.decode("latin-1").lower() in origins
        if scope["method"] == "OPTIONS":
            await self._preflight(send, origin if allowed else None)
            return
        await self.app(scope, receive, self._adding_headers(send, origin if allowed else None))

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
