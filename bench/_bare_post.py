"""The floor of the HTTP server (bench/posting_cost.py): an ASGI app on uvicorn that reads a
posted JSON body, parses it and answers 201 with a small JSON object; `/healthz` answers 200."""

from __future__ import annotations

import json
from typing import Any

from starlette.types import Receive, Scope, Send


async def app(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] != "http":
        return
    body = b""
    more = True
    while more:
        message = await receive()
        body += message.get("body", b"")
        more = message.get("more_body", False)
    posted: dict[str, Any] = json.loads(body) if body else {}
    status = 201 if scope["method"] == "POST" else 200
    answer = json.dumps({"id": 1, "body": posted.get("body", "")}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json")]})  # fmt: skip
    await send({"type": "http.response.body", "body": answer})
