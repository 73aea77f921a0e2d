"""gzip for JSON answers: negotiation shared by the cached pages and the rest of the API.

A cached page of comments is compressed once per story version (`http/cache.py`) and answered
already encoded; `JsonCompression` gzips the other JSON answers on their way out.
"""

from __future__ import annotations

import gzip

from starlette.types import ASGIApp, Message, Receive, Scope, Send

GZIP_MIN_BYTES = 1024  # below this the gzip header and CPU cost more than they save
GZIP_LEVEL = 6
VARY = (b"vary", b"accept-encoding")


def compress(body: bytes) -> bytes:
    """gzip with no timestamp: the same bytes in every process, so one strong ETag holds."""
    return gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)


def accepts_gzip(accept_encoding: bytes | None) -> bool:
    """Whether `Accept-Encoding` allows gzip: named (or `*`) with a quality above zero."""
    if not accept_encoding:
        return False
    qualities: dict[bytes, float] = {}
    for item in accept_encoding.lower().split(b","):
        coding, _, params = item.partition(b";")
        qualities[coding.strip()] = _quality(params)
    for coding in (b"gzip", b"x-gzip", b"*"):
        if coding in qualities:
            return qualities[coding] > 0
    return False


def _quality(params: bytes) -> float:
    for param in params.split(b";"):
        name, _, value = param.partition(b"=")
        if name.strip() == b"q":
            try:
                return float(value)
            except ValueError:
                return 0.0  # unreadable: identity is always acceptable, so send that
    return 1.0


def _header(headers: list[tuple[bytes, bytes]], name: bytes) -> bytes:
    return b", ".join(value for key, value in headers if key == name)


def _compressible(headers: list[tuple[bytes, bytes]]) -> bool:
    """JSON not yet encoded, and not `no-store`: those carry a reader's session, CSRF or edit
    token, and a secret compressed next to text an attacker chooses leaks by size (BREACH)."""
    content_type = _header(headers, b"content-type")
    return (
        content_type.split(b";")[0].strip().lower() == b"application/json"
        and not _header(headers, b"content-encoding")
        and b"no-store" not in _header(headers, b"cache-control").lower()
    )


def with_vary(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    if b"accept-encoding" in _header(headers, b"vary").lower():
        return headers
    return [*headers, VARY]


class JsonCompression:
    """Gzips a one-body JSON answer of `GZIP_MIN_BYTES` or more for a client that accepts it.

    Left alone: answers already encoded (cached pages), streamed ones (event streams), other
    types, `no-store` ones. Eligible answers say `Vary: Accept-Encoding` whoever asked.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        wanted = accepts_gzip(dict(scope["headers"]).get(b"accept-encoding"))
        await self.app(scope, receive, _Compressor(send, wanted))


class _Compressor:
    """The `send` of one response: holds a JSON start until its body shows its size."""

    def __init__(self, send: Send, gzip_wanted: bool) -> None:
        self.send, self.gzip_wanted = send, gzip_wanted
        self.start: Message | None = None

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start" and _compressible(message["headers"]):
            self.start = message
            return
        if self.start is None or message["type"] != "http.response.body":
            await self.send(message)
            return
        start, self.start = self.start, None
        body: bytes = message.get("body", b"")
        if message.get("more_body", False) or len(body) < GZIP_MIN_BYTES:
            await self.send(start)
            await self.send(message)
            return
        headers = with_vary([h for h in start["headers"] if h[0] != b"content-length"])
        if self.gzip_wanted:
            body = compress(body)
            headers.append((b"content-encoding", b"gzip"))
        headers.append((b"content-length", str(len(body)).encode()))
        await self.send({**start, "headers": headers})
        await self.send({**message, "body": body})
