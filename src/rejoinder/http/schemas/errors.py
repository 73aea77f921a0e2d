"""The one error body (http/errors.py sends it) and the `responses=` that document it per route."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class ErrorDetailOut(BaseModel):
    code: str = Field(
        description="Stable, for programs: `not_found`, `invalid`, `reconsider`, `rate_limited`..."
    )
    message: str = Field(description="For people: what went wrong, and what to do about it.")


class ErrorOut(BaseModel):
    """Every failure, whatever its status: `{"error": {"code", "message"}}`."""

    error: ErrorDetailOut


# What `responses=` of a route takes: by status, what FastAPI puts in the OpenAPI document.
Responses = dict[int | str, dict[str, Any]]

# Whatever the route: a NUL or an over-long part in the path is a 404 and a NUL in a query
# parameter a 422 (http/middleware.py UrlGuard), a body over the size limit a 413 (BodyLimit).
ANY_REQUEST = (404, 413, 422)

_DESCRIPTIONS = {
    400: "Malformed JSON, or a request this operation cannot use (a cursor from elsewhere, "
    "nothing asked for).",
    401: "No sign-in where one is needed, or a token that is not valid or has expired.",
    403: "Not allowed: the Origin, the sign-in, the role, the CSRF token, the edit token or the "
    "site's settings refuse it.",
    404: "No such site, story, comment or account (or a path that can name nothing).",
    409: "It conflicts with what is stored (already reported, a name taken, a deleted comment), "
    "or another request changed the same thing at the same moment.",
    413: "The request body, or what it asks for, is larger than the limit.",
    415: "The request body is not sent as `application/json`.",
    422: "A field or parameter is not valid (the message names it), or a nudge to reconsider "
    "a comment (`reconsider`).",
    429: "A rate limit: try again after `Retry-After` seconds.",
    503: "The server holds all it may now (e.g. live streams): try again after `Retry-After`.",
}
_RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds until the next attempt can succeed.",
        "schema": {"type": "integer", "minimum": 1},
    }
}


def errors(*statuses: int) -> Responses:
    """`responses=` for the error statuses an operation gives, and those of ANY_REQUEST: each
    with the ErrorOut body (a 429 with its `Retry-After` header too)."""
    documented: Responses = {}
    for status in sorted({*statuses, *ANY_REQUEST}):
        documented[status] = {"model": ErrorOut, "description": _DESCRIPTIONS[status]}
        if status in (429, 503):
            documented[status]["headers"] = _RETRY_AFTER
    return documented
