"""Reading a live stream from the app itself: an ASGI call whose answer is read as it comes.

httpx's ASGI transport hands over an answer only once it ended; a live stream never ends, so
tests call the whole app (every middleware included) the way a server does, and parse the
Server-Sent Events from each chunk it sends.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import MutableMapping
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from fastapi import FastAPI

from tests.conftest import ORIGIN


@dataclass(frozen=True)
class SseEvent:
    name: str
    id: str | None
    data: Any


def parse_events(text: str) -> tuple[list[SseEvent], list[str], str]:
    """The complete events in `text`, its comment lines, and what is left of an unfinished one."""
    events, comments = [], []
    *blocks, rest = text.split("\n\n")
    for block in blocks:
        fields: dict[str, str] = {}
        for line in block.split("\n"):
            if line.startswith(":"):
                comments.append(line[1:].strip())
            elif line:
                name, _, value = line.partition(": ")
                fields[name] = value
        if "event" in fields:
            events.append(SseEvent(fields["event"], fields.get("id"), json.loads(fields["data"])))
    return events, comments, rest


class LiveReader:
    """`async with LiveReader(app, path) as reader:` then `await reader.next()`."""

    def __init__(
        self, app: FastAPI, path: str, headers: dict[str, str] | None = None, query: str = ""
    ) -> None:
        self.app, self.path, self.query = app, path, query
        self.headers = {"origin": ORIGIN, **(headers or {})}
        self.status: int | None = None
        self.response_headers: dict[str, str] = {}
        self.comments: list[str] = []
        self.ended = asyncio.Event()
        self._events: asyncio.Queue[SseEvent] = asyncio.Queue()
        self._started = asyncio.Event()
        self._gone = asyncio.Event()
        self._requested = False
        self._buffer = ""
        self._task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> LiveReader:
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "GET",
            "scheme": "http",
            "path": self.path,
            "raw_path": self.path.encode(),
            "root_path": "",
            "query_string": self.query.encode(),
            "headers": [(k.lower().encode(), v.encode()) for k, v in self.headers.items()],
            "client": ("127.0.0.1", 50000),
            "server": ("testserver", 80),
        }
        self._task = asyncio.create_task(self.app(scope, self._receive, self._send))
        await asyncio.wait_for(self._started.wait(), 5)
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.disconnect()

    async def disconnect(self) -> None:
        self._gone.set()
        if self._task is not None:
            await asyncio.wait_for(self._task, 5)

    async def _receive(self) -> dict[str, Any]:
        if not self._requested:
            self._requested = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await self._gone.wait()
        return {"type": "http.disconnect"}

    async def _send(self, message: MutableMapping[str, Any]) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
            self.response_headers = {k.decode(): v.decode() for k, v in message["headers"]}
            self._started.set()
            return
        self._buffer += message.get("body", b"").decode()
        events, comments, self._buffer = parse_events(self._buffer)
        self.comments.extend(comments)
        for event in events:
            self._events.put_nowait(event)
        if not message.get("more_body", False):
            self.ended.set()

    async def next(self, seconds: float = 5.0) -> SseEvent:
        return await asyncio.wait_for(self._events.get(), seconds)

    async def quiet(self, seconds: float = 0.3) -> None:
        """Asserts that no event arrives for `seconds`."""
        try:
            event = await asyncio.wait_for(self._events.get(), seconds)
        except TimeoutError:
            return
        raise AssertionError(f"an event arrived: {event}")
