"""A real webhook receiver for tests: an HTTP server on a free port, in a thread.

It keeps every request (path, headers, body) and answers each with the next of the responses it
was given (then the last one again): `Receiver(answers=[500, 200])` fails once, then accepts.
An answer may also be "redirect", "slow" (waits longer than a sender may) or "endless" (a body
that never ends).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks.webhooks import Webhook

from tests.processes import free_port

Answer = int | str
SLOW_SECONDS = 3.0


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    def verify(self, secret: str) -> dict[str, object]:
        """The payload, if the signature verifies with `secret` (raises otherwise)."""
        payload: dict[str, object] = Webhook(secret).verify(self.body, self.headers)
        return payload


@dataclass
class Receiver:
    answers: Sequence[Answer] = (200,)
    port: int = field(default_factory=free_port)
    received: list[Received] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"

    def _answer(self) -> Answer:
        index = min(len(self.received) - 1, len(self.answers) - 1)
        return self.answers[index]

    def wait_for(self, count: int, seconds: float = 10.0) -> list[Received]:
        deadline = time.monotonic() + seconds
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.received


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass  # quiet tests

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", "0"))
            body = self.rfile.read(length)
            headers = {k.lower(): v for k, v in self.headers.items()}
            receiver.received.append(Received(self.path, headers, body))
            self._respond(receiver._answer())

        def _respond(self, answer: Answer) -> None:
            if answer == "redirect":
                self.send_response(302)
                self.send_header("location", "/elsewhere")
                self.send_header("content-length", "0")
                self.end_headers()
            elif answer == "slow":
                time.sleep(SLOW_SECONDS)
                self._plain(200)
            elif answer == "endless":
                self._endless()
            else:
                assert isinstance(answer, int)
                self._plain(answer)

        def _plain(self, status: int) -> None:
            self.send_response(status)
            self.send_header("content-length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def _endless(self) -> None:
            """A 200 whose body goes on for as long as the client reads (100 MB at most)."""
            self.send_response(200)
            self.send_header("content-length", str(100 * 1024 * 1024))
            self.end_headers()
            chunk = b"x" * 65536
            try:
                for _ in range(1600):
                    self.wfile.write(chunk)
            except OSError:
                pass  # the client stopped reading: what a capped read does

    return Handler


@contextmanager
def running(answers: Sequence[Answer] = (200,)) -> Iterator[Receiver]:
    receiver = Receiver(answers)
    server = ThreadingHTTPServer(("127.0.0.1", receiver.port), _handler(receiver))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
