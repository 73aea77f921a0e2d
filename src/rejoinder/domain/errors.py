"""Errors the services raise; the HTTP layer maps each to a status code."""

from __future__ import annotations


class RejoinderError(Exception):
    """Base class: `code` is stable for clients, `message` is for people."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(RejoinderError):
    status = 404
    code = "not_found"


class Forbidden(RejoinderError):
    status = 403
    code = "forbidden"


class Unauthorized(RejoinderError):
    status = 401
    code = "unauthorized"


class Conflict(RejoinderError):
    status = 409
    code = "conflict"


class Invalid(RejoinderError):
    status = 422
    code = "invalid"


class TooLarge(RejoinderError):
    status = 413
    code = "too_large"


class BadRequest(RejoinderError):
    status = 400
    code = "bad_request"


class UnsupportedMediaType(RejoinderError):
    status = 415
    code = "unsupported_media_type"


class Reconsider(RejoinderError):
    """The author is asked to think again before the comment is posted (a nudge)."""

    status = 422
    code = "reconsider"


class TooManyRequests(RejoinderError):
    """A rate limit was hit; `retry_after` seconds until the next attempt can succeed."""

    status = 429
    code = "rate_limited"

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = max(1, retry_after)


class Unavailable(RejoinderError):
    """The server cannot take this now (e.g. it holds as many live streams as it may)."""

    status = 503
    code = "unavailable"

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = max(1, retry_after)
