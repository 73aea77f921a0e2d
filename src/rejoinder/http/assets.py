"""Built widget assets (src/rejoinder/static), served with long-lived caching."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

from rejoinder.domain.errors import NotFound

router = APIRouter(include_in_schema=False)
STATIC = Path(__file__).parent.parent / "static"


@router.get("/embed.js")
async def embed_js() -> FileResponse:
    bundle = STATIC / "embed.js"
    if not bundle.is_file():
        raise NotFound("The widget bundle has not been built.")
    return FileResponse(
        bundle,
        media_type="text/javascript",
        headers={"cache-control": "public, max-age=86400, stale-while-revalidate=604800"},
    )
