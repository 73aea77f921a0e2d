"""Pure ASGI middleware: security headers (SECURITY 33), the body-size cap (SECURITY 11) and the
URL guard, which refuses a URL that can name nothing stored before anything looks it up.

In `app.py` SecurityHeaders is the outermost, so the early answers of the others carry its
headers too; the answers of the server's last-resort 500 handler get them in `errors.py`.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

import orjson
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rejoinder.domain.limits import MAX_PATH_SEGMENT_CHARS
from rejoinder.domain.text import NUL_MESSAGE, has_nul
from rejoinder.http.schemas.errors import ErrorDetailOut, ErrorOut

_API_CSP = b"default-src 'none'; frame-ancestors 'none'"
_PAGE_CSP = (
    b"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    b"img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'self'"
)


# The moderator workspace: our own scripts and styles only, never framed, forms post back here.
_ADMIN_CSP = (
    b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    b"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    b"frame-ancestors 'none'"
)


def _policy(path: str) -> bytes:
    if path.startswith("/api/"):
        return _API_CSP
    if path == "/admin" or path.startswith("/admin/"):
        return _ADMIN_CSP
    return _PAGE_CSP


def security_headers(scope: Scope) -> list[tuple[bytes, bytes]]:
    """The headers every answer carries; HSTS only over HTTPS."""
    headers = [
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"strict-origin-when-cross-origin"),
        (b"content-security-policy", _policy(scope["path"])),
    ]
    if scope.get("scheme") == "https":
        headers.append((b"strict-transport-security", b"max-age=31536000"))
    return headers


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        added = security_headers(scope)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = message.get("headers", [])
                # A header the route set stands (the API reference page's CSP, http/assets.py).
                own = {name.lower() for name, _ in headers}
                message["headers"] = [*headers, *(h for h in added if h[0] not in own)]
            await send(message)

        await self.app(scope, receive, with_headers)


async def _send_error(
    send: Send, status: int, code: str, message: str, *, close: bool = False
) -> None:
    body = orjson.dumps(ErrorOut(error=ErrorDetailOut(code=code, message=message)).model_dump())
    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
    if close:  # the rest of the request is not read: the connection cannot carry another one
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class BodyTooLarge(HTTPException):
    """Raised from `receive` when a streamed body passes the limit: FastAPI lets HTTPExceptions
    through its body parsing, so the app answers it like any other error."""

    def __init__(self, message: str) -> None:
        super().__init__(413, message, headers={"Connection": "close"})


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            return int(value) if value.isdigit() else None
    return None


class BodyLimit:
    """Refuses request bodies over `max_bytes` with 413, whatever the method.

    An announced Content-Length over the limit is refused before the app runs; a streamed body
    is counted as it arrives, and reading stops at the limit: never is a body read in full to
    find out it is too big.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes
        self.message = f"The request body is larger than {max_bytes // 1024} KB."

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _declared_length(scope)
        if declared is not None and declared > self.max_bytes:
            await _send_error(send, 413, "too_large", self.message, close=True)
            return
        received, answering = 0, False

        async def counted_receive() -> Message:
            nonlocal received
            if received <= self.max_bytes:
                message = await receive()
                received += len(message.get("body", b""))
                if received <= self.max_bytes:
                    return message
            if answering:  # a streaming answer listening for the end: read nothing more
                return {"type": "http.disconnect"}
            raise BodyTooLarge(self.message)

        async def watched_send(message: Message) -> None:
            nonlocal answering
            answering = answering or message["type"] == "http.response.start"
            await send(message)

        await self.app(scope, counted_receive, watched_send)


class UrlGuard:
    """A NUL or an over-long part in the path is a 404, a NUL in a query parameter a 422 that
    names it, answered before the app looks the URL up in the database: no site, story or
    comment can be named so, and PostgreSQL would refuse the very lookup. (CORS, outside this
    guard so that its answers reach a site's page readable, looks up only valid site names.)"""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path_problem = _path_problem(scope["path"])
        if path_problem is not None:
            await _send_error(send, 404, "not_found", f"Nothing is at this address: {path_problem}")
            return
        query_problem = _query_problem(scope["query_string"])
        if query_problem is not None:
            await _send_error(send, 422, "invalid", query_problem)
            return
        await self.app(scope, receive, send)


def _path_problem(path: str) -> str | None:
    if has_nul(path):
        return f"a path {NUL_MESSAGE}."
    if len(path) > MAX_PATH_SEGMENT_CHARS and any(
        len(part) > MAX_PATH_SEGMENT_CHARS for part in path.split("/")
    ):
        return f"no part of a path is longer than {MAX_PATH_SEGMENT_CHARS} characters."
    return None


def _query_problem(query: bytes) -> str | None:
    if b"%00" not in query and b"\x00" not in query:  # the common case costs one scan
        return None
    for name, value in parse_qsl(query.decode("latin-1"), keep_blank_values=True):
        if has_nul(name) or has_nul(value):
            return f"{name.replace(chr(0), '')}: {NUL_MESSAGE}."
    return None
