"""JSON responses encoded with orjson (datetimes, speed)."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import Response


def json_response(
    content: Any, status_code: int = 200, headers: dict[str, str] | None = None
) -> Response:
    return Response(
        orjson.dumps(content), status_code=status_code, media_type="application/json",
        headers=headers,
    )  # fmt: skip


def raw_response(status_code: int, headers: list[tuple[bytes, bytes]], body: bytes) -> Response:
    """A response with exactly these headers: what the fast read path sends for the same page."""
    response = Response(body, status_code=status_code)
    response.raw_headers = headers
    return response
