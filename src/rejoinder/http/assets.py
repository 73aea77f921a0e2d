"""Built front-end files (src/rejoinder/static, made by widget/build.mjs), served with caching.

`/embed.js` and `/count.js` are the URLs publishers paste, so they cannot change; browsers keep
them for a day and revalidate with a content-hash ETag (a 304 costs no body), serving the old copy
meanwhile.

Large files are committed with a gzip (`.gz`) and a brotli (`.br`) copy made at build time: the
copy that the request's `Accept-Encoding` prefers is sent as it is, with `Content-Encoding`, its own
length and its own ETag, and every answer says `Vary: Accept-Encoding`.

`/widget/panels.js` and `/widget/i18n/LANG.json` are what embed.js loads on demand (its panels, its
catalogues); embed.js names them with `?v=` and the start of their content hash, so such a URL is
kept for a year (a stale `v`, from an old embed.js, for a day), and any origin may load them (a
module script and a fetch() from the publisher's page need `Access-Control-Allow-Origin`).

`/api/v1/docs` is the API reference: Swagger UI (swagger-ui-dist, vendored by the widget build)
started by a script file of ours, under a policy that allows this server's files only.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, Request, Response

from rejoinder.domain.errors import NotFound

router = APIRouter(include_in_schema=False)
STATIC = Path(__file__).parent.parent / "static"
CACHE_CONTROL = "public, max-age=86400, stale-while-revalidate=604800"
IMMUTABLE = "public, max-age=31536000, immutable"
# Content codings we have copies for, in order of preference when the client likes both as much.
CODINGS = {"br": ".br", "gzip": ".gz"}
MEDIA_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".json": "application/json",
}
# Swagger UI needs scripts and styles from here, the OpenAPI document (fetch), and its data: icons.
DOCS_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
DOCS_FILES = frozenset({"swagger-ui-bundle.js", "swagger-ui.css", "api-docs.js"})
# The moderator workspace's files (htmx 2, vendored and pinned: static/admin/htmx.LICENSE).
ADMIN_FILES = frozenset({"htmx.min.js", "admin.js", "admin.css"})
ADMIN_CACHE_CONTROL = "no-cache"  # revalidated each time (a 304 when unchanged): no stale JS


@dataclass(frozen=True)
class Variant:
    body: bytes
    etag: str


@dataclass(frozen=True)
class Asset:
    media_type: str
    variants: dict[str, Variant]  # by content coding; "identity" is always there


def _variant(body: bytes) -> Variant:
    return Variant(body, '"' + hashlib.sha256(body).hexdigest()[:32] + '"')


@lru_cache(maxsize=32)
def _load(name: str, versions: tuple[tuple[str, int, int], ...]) -> Asset:
    """Read once per version of the files (the key changes when they are rebuilt)."""
    path = STATIC / name
    variants = {"identity": _variant(path.read_bytes())}
    for coding, suffix in CODINGS.items():
        if any(version[0] == suffix for version in versions):
            variants[coding] = _variant(path.with_name(path.name + suffix).read_bytes())
    return Asset(MEDIA_TYPES[path.suffix], variants)


def _asset(name: str) -> Asset:
    path = STATIC / name
    if not path.is_file():
        raise NotFound("The widget bundle has not been built.")
    versions = []
    for suffix in ("", *CODINGS.values()):
        copy = path.with_name(path.name + suffix)
        if copy.is_file():
            stat = copy.stat()
            versions.append((suffix, stat.st_mtime_ns, stat.st_size))
    return _load(name, tuple(versions))


def _qualities(accept_encoding: str) -> dict[str, float]:
    """`gzip;q=0.5, br` -> {"gzip": 0.5, "br": 1.0} (RFC 9110, section 12.5.3)."""
    qualities: dict[str, float] = {}
    for item in accept_encoding.split(","):
        coding, *params = (part.strip() for part in item.split(";"))
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if coding:
            qualities[coding.lower()] = quality
    return qualities


def choose_coding(accept_encoding: str, available: dict[str, Variant]) -> str:
    """The available coding the client rates highest; identity when it accepts none of them."""
    qualities = _qualities(accept_encoding)
    best, best_quality = "identity", 0.0
    for coding in CODINGS:  # preferred first: a later coding must be rated strictly higher
        quality = qualities.get(coding, qualities.get("*", 0.0))
        if coding in available and quality > best_quality:
            best, best_quality = coding, quality
    return best


def _matches(if_none_match: str | None, etag: str) -> bool:
    if if_none_match is None:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in tags or etag in tags


def _serve(request: Request, name: str, headers: dict[str, str]) -> Response:
    asset = _asset(name)
    coding = choose_coding(request.headers.get("accept-encoding", ""), asset.variants)
    variant = asset.variants[coding]
    headers = {**headers, "etag": variant.etag, "vary": "Accept-Encoding"}
    if _matches(request.headers.get("if-none-match"), variant.etag):
        return Response(status_code=304, headers=headers)
    if coding != "identity":
        headers["content-encoding"] = coding
    body = b"" if request.method == "HEAD" else variant.body
    response = Response(body, media_type=asset.media_type, headers=headers)
    if request.method == "HEAD":
        response.headers["content-length"] = str(len(variant.body))
    return response


# The scripts publishers paste: their pages on other origins load them, even under
# Cross-Origin-Embedder-Policy.
EMBEDDED_HEADERS = {"cache-control": CACHE_CONTROL, "cross-origin-resource-policy": "cross-origin"}


@router.api_route("/embed.js", methods=["GET", "HEAD"])
async def embed_js(request: Request) -> Response:
    return _serve(request, "embed.js", EMBEDDED_HEADERS)


@router.api_route("/count.js", methods=["GET", "HEAD"])
async def count_js(request: Request) -> Response:
    """Fills a section front's comment-count links (widget/src/count.ts, docs/widget.md)."""
    return _serve(request, "count.js", EMBEDDED_HEADERS)


WIDGET_FILE = re.compile(r"panels\.js|i18n/[a-z]{2}\.json")
VERSION_CHARS = 12  # of the content hash, in the widget's URLs (widget/build.mjs)


@router.api_route("/widget/{name:path}", methods=["GET", "HEAD"])
async def widget_file(request: Request, name: str) -> Response:
    """What embed.js loads when it needs it: panels.js, and the catalogue of a language."""
    if not WIDGET_FILE.fullmatch(name) or not (STATIC / "widget" / name).is_file():
        raise NotFound("No such widget file: the widget loads panels.js and i18n/LANG.json.")
    path = f"widget/{name}"
    current = _asset(path).variants["identity"].etag[1 : 1 + VERSION_CHARS]
    fresh = request.query_params.get("v") == current
    headers = {
        **EMBEDDED_HEADERS,
        "cache-control": IMMUTABLE if fresh else CACHE_CONTROL,
        "access-control-allow-origin": "*",
    }
    return _serve(request, path, headers)


@router.api_route("/api/v1/docs", methods=["GET", "HEAD"])
async def api_docs(request: Request) -> Response:
    # The page names its files by fixed URLs: revalidate it each time (a 304 when unchanged).
    headers = {"cache-control": "no-cache", "content-security-policy": DOCS_CSP}
    return _serve(request, "api-docs.html", headers)


@router.api_route("/api/v1/docs/{name}", methods=["GET", "HEAD"])
async def api_docs_file(request: Request, name: str) -> Response:
    if name not in DOCS_FILES:
        raise NotFound("No such file.")
    headers = {"cache-control": CACHE_CONTROL, "cross-origin-resource-policy": "same-origin"}
    return _serve(request, name, headers)


@router.api_route("/admin/static/{name}", methods=["GET", "HEAD"])
async def admin_file(request: Request, name: str) -> Response:
    if name not in ADMIN_FILES:
        raise NotFound("No such file.")
    headers = {"cache-control": ADMIN_CACHE_CONTROL, "cross-origin-resource-policy": "same-origin"}
    return _serve(request, f"admin/{name}", headers)
