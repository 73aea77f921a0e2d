"""Built widget assets (src/rejoinder/static), served with long-lived caching.

`/embed.js` is the URL publishers paste, so it cannot change; browsers keep it for a day and
revalidate with a content-hash ETag (a 304 costs no body), serving the old copy meanwhile.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, Request, Response

from rejoinder.domain.errors import NotFound

router = APIRouter(include_in_schema=False)
STATIC = Path(__file__).parent.parent / "static"
CACHE_CONTROL = "public, max-age=86400, stale-while-revalidate=604800"


@dataclass(frozen=True)
class Asset:
    body: bytes
    etag: str


@lru_cache(maxsize=4)
def _load(path: Path, mtime_ns: int, size: int) -> Asset:
    """Read once per file version (the key changes when the file is rebuilt)."""
    body = path.read_bytes()
    return Asset(body, '"' + hashlib.sha256(body).hexdigest()[:32] + '"')


def _asset(name: str) -> Asset:
    path = STATIC / name
    if not path.is_file():
        raise NotFound("The widget bundle has not been built.")
    stat = path.stat()
    return _load(path, stat.st_mtime_ns, stat.st_size)


@router.api_route("/embed.js", methods=["GET", "HEAD"])
async def embed_js(request: Request) -> Response:
    asset = _asset("embed.js")
    headers = {
        "cache-control": CACHE_CONTROL,
        "etag": asset.etag,
        # Publishers' pages on other origins load it, even under Cross-Origin-Embedder-Policy.
        "cross-origin-resource-policy": "cross-origin",
    }
    if request.headers.get("if-none-match") == asset.etag:
        return Response(status_code=304, headers=headers)
    body = b"" if request.method == "HEAD" else asset.body
    response = Response(body, media_type="text/javascript; charset=utf-8", headers=headers)
    if request.method == "HEAD":
        response.headers["content-length"] = str(len(asset.body))
    return response
