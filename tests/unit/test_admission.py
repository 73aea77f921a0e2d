"""Posting admission (http/admission.py): a few posts at once, the rest wait before any work,
and readers pass straight through."""

from __future__ import annotations

import asyncio

from starlette.types import Message, Receive, Scope, Send

from rejoinder.http.admission import PostingAdmission

POST_PATH = "/api/v1/sites/news/stories/plan/comments"


def _scope(method: str, path: str) -> Scope:
    return {"type": "http", "method": method, "path": path}


async def _receive() -> Message:
    return {"type": "http.request", "body": b""}


async def _send(_message: Message) -> None:
    return None


async def test_only_a_few_posts_run_at_once_and_reads_pass_by() -> None:
    inside: list[str] = []
    release = asyncio.Event()

    async def app(scope: Scope, _receive: Receive, _send: Send) -> None:
        inside.append(f"{scope['method']} {scope['path']}")
        if scope["method"] == "POST" and scope["path"] == POST_PATH:
            await release.wait()

    gate = PostingAdmission(app, at_once=2)
    posts = [
        asyncio.create_task(gate(_scope("POST", POST_PATH), _receive, _send)) for _ in range(5)
    ]
    await asyncio.sleep(0.01)
    assert inside == [f"POST {POST_PATH}"] * 2  # three wait at the gate, none started

    await asyncio.wait_for(gate(_scope("GET", POST_PATH), _receive, _send), 1)
    # Other writes are not posts: an edit or a reaction is not held back either.
    await asyncio.wait_for(gate(_scope("POST", "/api/v1/sites/news/comments/4/reactions"),
                                _receive, _send), 1)  # fmt: skip
    assert len(inside) == 4

    release.set()
    await asyncio.wait_for(asyncio.gather(*posts), 1)
    assert inside.count(f"POST {POST_PATH}") == 5
