"""`GET /metrics`: Prometheus text format, for an admin's API token only (docs/operations.md)."""

from __future__ import annotations

from fastapi import APIRouter, Response

from rejoinder.http.deps import PrincipalDep
from rejoinder.platform import metrics
from rejoinder.services import access

router = APIRouter()


@router.get("/metrics", include_in_schema=False)  # operators' endpoint, not the reader API
async def scrape(principal: PrincipalDep) -> Response:
    access.check_metrics_scraper(principal)
    return Response(metrics.exposition(), media_type=metrics.CONTENT_TYPE)
