"""One access line and one count per request, under a request id the answer carries too.

The line holds the method, the route template (never the raw path: it may carry keys and
tokens, and a template keeps the metrics' labels bounded), status, duration and request id;
never an address, a header value or a body (SECURITY: no personal data in logs).
"""

from __future__ import annotations

import re
import time
import uuid

import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rejoinder.http.fast_reads import ROUTE_KEY
from rejoinder.platform import logs, metrics

REQUEST_ID_HEADER = b"x-request-id"
# A client's id is kept only when it cannot smuggle anything into a log line or a header.
SAFE_REQUEST_ID = re.compile(rb"[A-Za-z0-9._-]{1,64}")
UNMATCHED = "unmatched"  # no route: a 404, or an answer of a middleware before routing


def request_id(headers: list[tuple[bytes, bytes]]) -> str:
    for name, value in headers:
        if name == REQUEST_ID_HEADER and SAFE_REQUEST_ID.fullmatch(value):
            return value.decode("ascii")
    return uuid.uuid4().hex


def route_template(scope: Scope) -> str:
    marked = scope.get(ROUTE_KEY)
    if isinstance(marked, str):
        return marked
    route = scope.get("route")
    regex, template = getattr(route, "path_regex", None), getattr(route, "path_format", None)
    if not isinstance(regex, re.Pattern) or not isinstance(template, str):
        return UNMATCHED
    return _router_prefix(scope["path"], regex) + template


def _router_prefix(path: str, regex: re.Pattern[str]) -> str:
    """The prefix of the router that included the route (`/api/v1`): FastAPI keeps routes
    relative to their router. The route matched the rest, so the prefix is one of our literal
    router prefixes, never a reader's text."""
    for at in range(len(path)):
        if path[at] == "/" and regex.match(path[at:]):
            return path[:at]
    return ""


# The scope key under which the outermost middleware leaves the server's own `send`, for the
# body of a live stream (http/live.py): its start went through every middleware already.
SERVER_SEND = "rejoinder.server_send"


class AccessLog:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        scope[SERVER_SEND] = send
        rid = request_id(scope["headers"])
        status = 500  # unless an answer starts: an error escaping the app becomes a 500
        start = time.perf_counter()

        async def tagged_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [h for h in message.get("headers", []) if h[0] != REQUEST_ID_HEADER]
                message["headers"] = [*headers, (REQUEST_ID_HEADER, rid.encode())]
            await send(message)

        with structlog.contextvars.bound_contextvars(request_id=rid):
            try:
                await self.app(scope, receive, tagged_send)
            finally:
                _record(scope, status, time.perf_counter() - start)


def _record(scope: Scope, status: int, seconds: float) -> None:
    route = route_template(scope)
    metrics.observe_request(scope["method"], route, status, seconds)
    logs.access_logger().info(
        "request",
        method=metrics.method_label(scope["method"]),
        route=route,
        status=status,
        duration_ms=round(seconds * 1000, 2),
    )
