"""Sending one webhook request under SECURITY 23 (the rules are `webhook_guard`'s).

The URL's host is resolved once and checked; the connection goes to the checked address (a
network backend that dials it whatever name it is asked for) while the request keeps the URL's
host for the Host header, TLS SNI and the certificate check. Redirects are never followed (a
3xx is a failure), the whole attempt has one deadline, and at most `max_response_bytes` of the
answer are read.
"""

from __future__ import annotations

import asyncio
import ssl
import time
from collections.abc import AsyncIterable, AsyncIterator, Iterable
from functools import cached_property

import httpcore2
import httpx2

from rejoinder.domain.webhooks import OutboundRequest, SendOutcome, UnsafeTarget
from rejoinder.platform.webhook_guard import Guard

DEFAULT_TIMEOUT_SECONDS = 5.0
DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024
MAX_ERROR_CHARS = 200


class _PinnedBackend(httpcore2.AsyncNetworkBackend):
    """Dials `address` whatever host httpcore asks for: DNS was asked once, by the guard."""

    def __init__(self, address: str) -> None:
        self._address = address
        self._backend = httpcore2.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109  (httpcore's signature)
        local_address: str | None = None,
        socket_options: Iterable[httpcore2.SOCKET_OPTION] | None = None,
    ) -> httpcore2.AsyncNetworkStream:
        return await self._backend.connect_tcp(
            self._address, port, timeout, local_address, socket_options
        )

    async def sleep(self, seconds: float) -> None:
        await self._backend.sleep(seconds)


class _Body(httpx2.AsyncByteStream):
    def __init__(self, stream: AsyncIterable[bytes]) -> None:
        self._stream = stream

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._stream:
            yield chunk

    async def aclose(self) -> None:
        closing = getattr(self._stream, "aclose", None)
        if closing is not None:
            await closing()


class PinnedTransport(httpx2.AsyncBaseTransport):
    """An httpx2 transport over one connection to a checked address (TLS to the URL's host)."""

    def __init__(self, address: str, ssl_context: ssl.SSLContext) -> None:
        self._pool = httpcore2.AsyncConnectionPool(
            ssl_context=ssl_context, max_connections=1, network_backend=_PinnedBackend(address)
        )

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        url = request.url
        core = httpcore2.Request(
            method=request.method,
            url=httpcore2.URL(
                scheme=url.raw_scheme, host=url.raw_host, port=url.port, target=url.raw_path
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        try:
            answer = await self._pool.handle_async_request(core)
        except httpcore2.TimeoutException as error:
            raise httpx2.TimeoutException(str(error), request=request) from error
        except (httpcore2.NetworkError, httpcore2.ProtocolError) as error:
            raise httpx2.TransportError(str(error)) from error
        assert isinstance(answer.stream, AsyncIterable)
        return httpx2.Response(
            status_code=answer.status,
            headers=answer.headers,
            stream=_Body(answer.stream),
            extensions=answer.extensions,
        )

    async def aclose(self) -> None:
        await self._pool.aclose()


class GuardedSender:
    """The `WebhookSender` of domain/interfaces.py."""

    def __init__(
        self,
        allow_hosts: Iterable[str] = (),
        timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        self.guard = Guard(allow_hosts)
        self.timeout_seconds = timeout_seconds
        self.max_response_bytes = max_response_bytes

    @cached_property
    def _ssl(self) -> ssl.SSLContext:
        """Made at the first send: loading the trust store takes tens of milliseconds."""
        return httpx2.create_ssl_context()

    def check_url(self, url: str) -> None:
        self.guard.check_url(url)

    async def send(self, request: OutboundRequest) -> SendOutcome:
        started = time.perf_counter()

        def outcome(kind: str, status: int | None = None, error: str | None = None) -> SendOutcome:
            elapsed = round((time.perf_counter() - started) * 1000)
            shown = error[:MAX_ERROR_CHARS] if error else None
            return SendOutcome(kind, status, elapsed, shown)  # type: ignore[arg-type]

        try:
            async with asyncio.timeout(self.timeout_seconds):  # resolve, connect, send, read
                status = await self._post(request)
        except UnsafeTarget as refused:
            return outcome("refused", error=str(refused))
        except TimeoutError:
            return outcome("failed", error=f"no answer within {self.timeout_seconds:g} s")
        except (httpx2.HTTPError, OSError) as error:
            return outcome("failed", error=type(error).__name__)
        if 200 <= status < 300:
            return outcome("delivered", status)
        return outcome("failed", status, f"HTTP {status}")

    async def _post(self, request: OutboundRequest) -> int:
        target = await self.guard.resolve(request.url)
        transport = PinnedTransport(target.address, self._ssl)
        async with (
            httpx2.AsyncClient(
                transport=transport, follow_redirects=False, trust_env=False, timeout=None
            ) as client,
            client.stream(
                "POST", request.url, content=request.body, headers=request.headers
            ) as response,
        ):
            await self._read_capped(response)
            return response.status_code

    async def _read_capped(self, response: httpx2.Response) -> None:
        """Read (and drop) at most the cap of the answer: a receiver cannot make us hold more."""
        seen = 0
        async for chunk in response.aiter_raw():
            seen += len(chunk)
            if seen >= self.max_response_bytes:
                return
