"""CORS, security headers, site scoping and the install secret (SECURITY 9, 27, 33, 34)."""

from __future__ import annotations

import gzip
import stat
import subprocess
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from rejoinder.config import Settings
from rejoinder.http.assets import STATIC
from tests.conftest import ORIGIN, make_site
from tests.helpers import comments_url, post


async def test_cors_echoes_only_the_sites_origins(client: httpx.AsyncClient, site: str) -> None:
    url = comments_url(site, "story-1")
    allowed = await client.options(url, headers={"access-control-request-method": "POST"})
    assert allowed.status_code == 204
    assert allowed.headers["access-control-allow-origin"] == ORIGIN
    assert "access-control-allow-credentials" not in allowed.headers

    evil = {"origin": "https://evil.example", "access-control-request-method": "POST"}
    refused = await client.options(url, headers=evil)
    assert "access-control-allow-origin" not in refused.headers
    read = await client.get(url, headers={"origin": "https://evil.example"})
    assert "access-control-allow-origin" not in read.headers
    assert (await client.get(url)).headers["access-control-allow-origin"] == ORIGIN


async def test_security_headers_on_api_and_pages(client: httpx.AsyncClient, site: str) -> None:
    api = await client.get(comments_url(site, "story-1"))
    assert api.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in api.headers["content-security-policy"]
    assert api.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    page = await client.get("/")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "strict-transport-security" not in page.headers  # plain HTTP here


async def test_hsts_only_over_https(app: FastAPI) -> None:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="https://secure.test") as client:
        response = await client.get("/healthz")
    assert response.headers["strict-transport-security"].startswith("max-age=")


async def test_comment_of_another_site_is_not_found(
    client: httpx.AsyncClient, site: str, app: FastAPI
) -> None:
    await make_site(app, "other")
    comment = await post(client, site)
    for path in ("", "/replies"):
        response = await client.get(f"/api/v1/sites/other/comments/{comment['id']}{path}")
        assert response.status_code == 404
    response = await client.post(
        f"/api/v1/sites/other/comments/{comment['id']}/reports", json={"reason": "spam"}
    )
    assert response.status_code == 404
    response = await client.patch(
        f"/api/v1/sites/other/comments/{comment['id']}",
        json={"body": "x"},
        headers={"x-edit-token": comment["edit_token"]},
    )
    assert response.status_code == 404


def test_install_secret_is_generated_private(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "fresh")
    key = settings.signing_key()
    secret_file = tmp_path / "fresh" / "secret.key"
    assert len(key) >= 48
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    assert Settings(data_dir=tmp_path / "fresh").signing_key() == key
    assert Settings(data_dir=tmp_path / "other").signing_key() != key


async def test_account_routes_answer_the_origins_of_any_site(app: FastAPI) -> None:
    """The widget signs readers in from the publisher's page: /auth and /me answer an origin some
    site allows, never `*`, never with credentials; any other origin gets no CORS headers."""
    await make_site(app, "news")
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        preflight = {"origin": ORIGIN, "access-control-request-method": "POST",
                     "access-control-request-headers": "content-type"}  # fmt: skip
        for path in ("/api/v1/auth/login", "/api/v1/auth/logout", "/api/v1/me/mutes", "/api/v1/me"):
            allowed = await client.options(path, headers=preflight)
            assert allowed.status_code == 204, path
            assert allowed.headers["access-control-allow-origin"] == ORIGIN, path
            assert "authorization" in allowed.headers["access-control-allow-headers"]
            assert "access-control-allow-credentials" not in allowed.headers

        login = {"email": "nobody@example.org", "password": "not the password at all"}
        answer = await client.post("/api/v1/auth/login", json=login, headers={"origin": ORIGIN})
        assert answer.status_code == 401
        assert answer.headers["access-control-allow-origin"] == ORIGIN
        assert "access-control-allow-credentials" not in answer.headers
        me = await client.get("/api/v1/me", headers={"origin": ORIGIN})
        assert me.headers["access-control-allow-origin"] == ORIGIN

        evil = {**preflight, "origin": "https://evil.example"}
        refused = await client.options("/api/v1/auth/login", headers=evil)
        assert "access-control-allow-origin" not in refused.headers
        answer = await client.post(
            "/api/v1/auth/login", json=login, headers={"origin": "https://evil.example"}
        )
        assert "access-control-allow-origin" not in answer.headers
        # Other install paths still answer no origin at all.
        other = await client.get("/api/v1/openapi.json", headers={"origin": ORIGIN})
        assert "access-control-allow-origin" not in other.headers


async def _fetch(
    client: httpx.AsyncClient, path: str, encoding: str
) -> tuple[httpx.Response, bytes]:
    """The response and its body as sent (not decoded by httpx)."""
    async with client.stream("GET", path, headers={"accept-encoding": encoding}) as response:
        sent = b"".join([chunk async for chunk in response.aiter_raw()])
    return response, sent


def _unbrotli(data: bytes) -> bytes:
    """Brotli decoded by Node's zlib (Node is what builds the bundle; Python has no brotli here)."""
    script = (
        "process.stdout.write(require('zlib').brotliDecompressSync(require('fs').readFileSync(0)))"
    )
    return subprocess.run(
        ["node", "-e", script], input=data, capture_output=True, check=True
    ).stdout


@pytest.mark.parametrize(
    "path",
    ["/embed.js", "/count.js", "/api/v1/docs/swagger-ui-bundle.js", "/api/v1/docs/swagger-ui.css"],
)
async def test_assets_are_served_precompressed_by_accept_encoding(
    client: httpx.AsyncClient, path: str
) -> None:
    plain, plain_body = await _fetch(client, path, "identity")
    gzipped, gzip_body = await _fetch(client, path, "gzip, deflate")
    brotli, brotli_body = await _fetch(client, path, "gzip, deflate, br, zstd")
    for response in (plain, gzipped, brotli):
        assert response.status_code == 200
        assert "accept-encoding" in response.headers["vary"].lower()
    name = path.rsplit("/", 1)[1]
    assert plain_body == (STATIC / name).read_bytes()
    assert "content-encoding" not in plain.headers
    assert gzipped.headers["content-encoding"] == "gzip"
    assert brotli.headers["content-encoding"] == "br"
    assert gzip.decompress(gzip_body) == plain_body
    assert _unbrotli(brotli_body) == plain_body
    assert len(brotli_body) < len(gzip_body) < len(plain_body)
    for response, body in ((plain, plain_body), (gzipped, gzip_body), (brotli, brotli_body)):
        assert response.headers["content-length"] == str(len(body))
    etags = {plain.headers["etag"], gzipped.headers["etag"], brotli.headers["etag"]}
    assert len(etags) == 3  # one per variant: caches must not hand gzip bytes to a br request

    # Revalidation matches the variant asked for.
    same = await client.get(
        path, headers={"accept-encoding": "br", "if-none-match": brotli.headers["etag"]}
    )
    assert same.status_code == 304 and same.headers["etag"] == brotli.headers["etag"]
    assert "accept-encoding" in same.headers["vary"].lower()
    other = await client.get(
        path, headers={"accept-encoding": "br", "if-none-match": gzipped.headers["etag"]}
    )
    assert other.status_code == 200
    head = await client.head(path, headers={"accept-encoding": "gzip"})
    assert head.headers["content-length"] == str(len(gzip_body)) and head.content == b""


async def test_accept_encoding_quality_values_are_honoured(client: httpx.AsyncClient) -> None:
    cases = {
        "br;q=0, gzip": "gzip",
        "gzip;q=0.5, br;q=0.4": "gzip",
        "*": "br",
        "br;q=0, gzip;q=0": None,
        "compress": None,
    }
    for accept, expected in cases.items():
        response, _ = await _fetch(client, "/embed.js", accept)
        assert response.headers.get("content-encoding") == expected, accept


async def test_answers_of_the_guards_carry_cors_so_the_widget_can_read_them(
    client: httpx.AsyncClient, site: str
) -> None:
    """A 413 for a body over the limit and a 404 for a NUL in the path are answered before the
    app runs; from a site's origin they still carry its CORS header, or the widget sees only an
    opaque network error instead of the message."""
    await post(client, site)
    too_big = await client.post(
        comments_url(site, "story-1"),
        content=b'{"body": "' + b"x" * (70 * 1024) + b'"}',
        headers={"content-type": "application/json"},
    )
    assert too_big.status_code == 413
    assert too_big.headers["access-control-allow-origin"] == ORIGIN
    assert "larger than" in too_big.json()["error"]["message"]

    nul = await client.get(f"/api/v1/sites/{site}/stories/a%00b/comments")
    assert nul.status_code == 404
    assert nul.headers["access-control-allow-origin"] == ORIGIN

    # A name no site can have is not looked up at all: no CORS, and no database error.
    bad_slug = await client.get("/api/v1/sites/N%00WS/stories/a/comments")
    assert bad_slug.status_code == 404
    assert "access-control-allow-origin" not in bad_slug.headers
