"""The external scorer against a real HTTP server on 127.0.0.1 started by the test."""

import contextlib
import hmac
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from rejoinder.moderation.phases.external import sign
from tests.unit.moderation.conftest import codes, verdict

SECRET = "s3cret-for-tests"


class Handler(BaseHTTPRequestHandler):
    release: threading.Event

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["content-length"]))
        expected = sign(SECRET, self.headers["x-rejoinder-timestamp"], body)
        if not hmac.compare_digest(expected, self.headers["x-rejoinder-signature"]):
            return self._send(401, {"error": "bad signature"})
        text = json.loads(body)["text"]
        if text == "slow":
            self.release.wait(5)
        action = "reject" if "spam" in text else "publish"
        self._send(200, {"action": action, "message": "Looks like spam."})

    def _send(self, status: int, payload: dict[str, str]) -> None:
        with contextlib.suppress(OSError):  # the client may have timed out and gone
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def scorer_url() -> Iterator[str]:
    release = threading.Event()
    handler = type("BoundHandler", (Handler,), {"release": release})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/score"
    finally:
        release.set()
        server.shutdown()
        server.server_close()
        thread.join(5)


def _settings(url: str, **extra: object) -> dict[str, object]:
    return {"phases": ["length", "external"], "external_url": url, "external_secret": SECRET,
            "external_timeout_seconds": 0.3, **extra}  # fmt: skip


async def test_signed_request_and_answer(scorer_url: str) -> None:
    assert (await verdict(_settings(scorer_url), text="a fine comment")).action == "publish"
    result = await verdict(_settings(scorer_url), text="buy spam now")
    assert (result.action, codes(result)) == ("reject", ["external_reject"])


async def test_wrong_secret_fails_open_to_hold(scorer_url: str) -> None:
    settings = _settings(scorer_url, external_secret="wrong")
    result = await verdict(settings, text="a fine comment")
    assert (result.action, codes(result)) == ("hold", ["external_unavailable"])


@pytest.mark.parametrize(("fail_action", "expected"), [("hold", "hold"), ("publish", "publish")])
async def test_timeout_fails_open_per_setting(
    scorer_url: str, fail_action: str, expected: str
) -> None:
    settings = _settings(scorer_url, external_fail_action=fail_action)
    result = await verdict(settings, text="slow")
    assert result.action == expected
    assert codes(result) == ["external_unavailable"]
