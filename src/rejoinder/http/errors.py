"""One error format for every failure: {"error": {"code", "message"}} with the right status."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from sqlalchemy.exc import IntegrityError
from starlette.exceptions import HTTPException

from rejoinder.domain.errors import Invalid, RejoinderError, TooManyRequests, Unavailable
from rejoinder.http.admin.common import SignInRequired, error_page
from rejoinder.http.middleware import security_headers
from rejoinder.http.responses import json_response
from rejoinder.http.schemas.errors import ErrorDetailOut, ErrorOut
from rejoinder.services.wiring import database_full

_HTTP_CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 409: "conflict", 413: "too_large", 415: "unsupported_media_type",
    422: "invalid", 429: "rate_limited",
}  # fmt: skip


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> Response:
    body = ErrorOut(error=ErrorDetailOut(code=code, message=message))
    return json_response(body.model_dump(), status_code=status, headers=headers)


def _describe(error: dict[str, Any]) -> str:
    loc = tuple(error.get("loc", ()))
    # ("body", "story_title") -> "story_title"; a field named "body" keeps its name.
    where = ".".join(str(part) for part in (loc[1:] if loc[:1] == ("body",) else loc))
    return f"{where}: {error.get('msg', 'is not valid')}" if where else str(error.get("msg"))


def _is_dashboard(request: Request) -> bool:
    path = request.url.path
    return (path == "/admin" or path.startswith("/admin/")) and not path.startswith(
        "/admin/static/"
    )


def out_of_storage() -> Unavailable:
    """The 503 while the database's disk is full: not "restarting", which would send an operator
    the wrong way; writes work again as soon as there is space (docs/operations.md)."""
    return Unavailable(
        "The server is out of storage space, so nothing can be saved right now; its operators "
        "have to free some. Please try again later.",
        retry_after=30,
    )


async def _on_domain_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RejoinderError)
    if isinstance(exc, Unavailable) and database_full(exc.__cause__):
        exc = out_of_storage()  # the database's 503 (http/deps), for a full disk
    if _is_dashboard(request):
        return error_page(request, exc)
    headers = None
    if isinstance(exc, TooManyRequests | Unavailable):
        headers = {"Retry-After": str(exc.retry_after)}
    return error_response(exc.status, exc.code, exc.message, headers)


async def _on_validation_error(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    if any(error.get("type") == "json_invalid" for error in errors):
        return error_response(400, "malformed_json", "The request body is not valid JSON.")
    message = "; ".join(_describe(error) for error in errors[:5])
    if _is_dashboard(_request):
        return error_page(_request, Invalid(message or "The request is not valid."))
    return error_response(422, "invalid", message or "The request is not valid.")


async def _on_http_error(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code = _HTTP_CODES.get(exc.status_code, "error")
    return error_response(exc.status_code, code, str(exc.detail), dict(exc.headers or {}))


async def _on_integrity_error(_request: Request, exc: Exception) -> Response:
    """Services check uniqueness first, so a violation here is two requests racing (PostgreSQL
    takes writes concurrently): the transaction was rolled back and nothing was half-written."""
    assert isinstance(exc, IntegrityError)
    return error_response(
        409, "conflict", "Another request changed the same thing at the same moment; try again."
    )


async def _on_unexpected_error(request: Request, _exc: Exception) -> Response:
    """The last resort (a bug): Starlette sends this from outside every middleware, so the
    security headers are added here; the error itself is logged by the server."""
    headers = {name.decode(): value.decode() for name, value in security_headers(request.scope)}
    return error_response(
        500, "internal_error", "Something went wrong on our side; please try again later.", headers
    )


async def _on_sign_in_required(request: Request, exc: Exception) -> Response:
    return error_page(request, exc)


def install(app: FastAPI) -> None:
    app.add_exception_handler(SignInRequired, _on_sign_in_required)
    app.add_exception_handler(Exception, _on_unexpected_error)
    app.add_exception_handler(RejoinderError, _on_domain_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(HTTPException, _on_http_error)
    app.add_exception_handler(IntegrityError, _on_integrity_error)
