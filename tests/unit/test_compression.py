"""gzip for JSON answers: what is compressed, what is left alone, how Accept-Encoding is read."""

from __future__ import annotations

import gzip
from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from rejoinder.http.compression import JsonCompression, accepts_gzip

BIG = b'{"text": "' + b"compressible " * 200 + b'"}'


async def _events() -> AsyncIterator[bytes]:
    for _ in range(3):
        yield b"data: " + b"x" * 800 + b"\n\n"


def _json(**headers: str) -> Response:
    return Response(BIG, media_type="application/json", headers=headers)


async def json_page(_: Request) -> Response:
    return _json()


async def small(_: Request) -> Response:
    return Response(b'{"ok": true}', media_type="application/json")


async def secret(_: Request) -> Response:
    return _json(**{"cache-control": "no-store"})


async def encoded(_: Request) -> Response:
    headers = {"content-encoding": "gzip", "content-type": "application/json"}
    return Response(gzip.compress(BIG), headers=headers)


async def html(_: Request) -> Response:
    return Response(BIG, media_type="text/html")


async def events(_: Request) -> StreamingResponse:
    return StreamingResponse(_events(), media_type="text/event-stream")


VIEWS = (json_page, small, secret, encoded, html, events)
APP = JsonCompression(Starlette(routes=[Route(f"/{view.__name__}", view) for view in VIEWS]))


async def _get(path: str, accept: str = "gzip") -> tuple[httpx.Response, bytes]:
    transport = httpx.ASGITransport(app=APP)
    async with (
        httpx.AsyncClient(transport=transport, base_url="http://t") as client,
        client.stream("GET", path, headers={"accept-encoding": accept}) as response,
    ):
        sent = b"".join([chunk async for chunk in response.aiter_raw()])
    return response, sent


async def test_json_above_the_threshold_is_gzipped_with_vary() -> None:
    zipped, sent = await _get("/json_page")
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.headers["content-length"] == str(len(sent)) and gzip.decompress(sent) == BIG
    assert zipped.headers["vary"] == "accept-encoding"
    plain, sent = await _get("/json_page", accept="identity")
    assert "content-encoding" not in plain.headers and sent == BIG
    assert plain.headers["vary"] == "accept-encoding"  # a shared cache must not mix the two


@pytest.mark.parametrize("path", ["/small", "/secret", "/html", "/events"])
async def test_other_answers_are_left_alone(path: str) -> None:
    response, sent = await _get(path)
    assert "content-encoding" not in response.headers
    assert "vary" not in response.headers
    assert len(sent) == int(response.headers.get("content-length", len(sent)))


async def test_an_encoded_answer_is_not_compressed_twice() -> None:
    response, sent = await _get("/encoded")
    assert response.headers.get_list("content-encoding") == ["gzip"]
    assert gzip.decompress(sent) == BIG


def test_accept_encoding_is_read_with_its_qualities() -> None:
    accepted = [b"gzip", b"GZIP", b"deflate, gzip;q=0.5", b"*", b"br;q=1, *;q=0.1", b"x-gzip"]
    refused = [None, b"", b"identity", b"br", b"gzip;q=0", b"gzip; q=0.000", b"*;q=0",
               b"gzip;q=0, *", b"gzip;q=nope"]  # fmt: skip
    assert all(accepts_gzip(value) for value in accepted)
    assert not any(accepts_gzip(value) for value in refused)
