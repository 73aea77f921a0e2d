"""CORS that echoes only a site's own origins (SECURITY 9): never `*`, never credentials yet."""

from __future__ import annotations

import re
import time
from collections.abc import Awaitable, Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

SITE_PATH = re.compile(r"^/api/v1/sites/([^/]+)/")
ALLOW_METHODS = b"GET, POST, PUT, PATCH, DELETE"
ALLOW_HEADERS = b"authorization, content-type, x-csrf-token, x-edit-token, if-none-match"
TTL_SECONDS = 30.0

OriginLookup = Callable[[str], Awaitable[frozenset[str]]]


class SiteCors:
    def __init__(self, app: ASGIApp, lookup: OriginLookup) -> None:
        self.app, self.lookup = app, lookup
        self._cache: dict[str, tuple[float, frozenset[str]]] = {}

    async def _origins(self, slug: str) -> frozenset[str]:
        now = time.monotonic()
        hit = self._cache.get(slug)
        if hit and hit[0] > now:
            return hit[1]
        origins = await self.lookup(slug)
        self._cache[slug] = (now + TTL_SECONDS, origins)
        return origins

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        match = SITE_PATH.match(scope["path"])
        origin = dict(scope["headers"]).get(b"origin")
        if match is None or origin is None:
            await self.app(scope, receive, send)
            return
        allowed = origin.decode("latin-1").lower() in await self._origins(match.group(1))
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
