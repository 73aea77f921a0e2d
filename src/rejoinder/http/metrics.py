"""`GET /metrics`: Prometheus text format, for an admin's API token only (docs/operations.md)."""

from __future__ import annotations

from fastapi import APIRouter, Response

from rejoinder.domain.errors import Forbidden, Unauthorized
from rejoinder.http.deps import PrincipalDep
from rejoinder.services import metrics

router = APIRouter()


@router.get("/metrics", include_in_schema=False)  # operators' endpoint, not the reader API
async def scrape(principal: PrincipalDep) -> Response:
    if principal is None:
        raise Unauthorized("Send an admin's API token as 'Authorization: Bearer rjt_...'.")
    # A browser session, even an admin's, is not a scraper: only a revocable API token is.
    if principal.via != "api_token" or not principal.is_admin:
        raise Forbidden("Metrics are for an admin's API token.")
    return Response(metrics.exposition(), media_type=metrics.CONTENT_TYPE)
