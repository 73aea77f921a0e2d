"""Posting takes turns so that reading does not (issue 15): at most a few new comments are
being handled at once; the others wait here, before any of their work starts.

One process's event loop runs every request in small steps, in turn. Sixty-four posts handled
at once put sixty-four posts' steps between each step of a reader's page: the first page's p99
went from 35 ms to 1.4 s beside a posting load (bench/posting.py, readers flooding). A post
waiting here costs nothing; the ones admitted keep the post writer busy
(services/post_writer.py), and readers pass straight through.
"""

from __future__ import annotations

import asyncio
import re

from starlette.types import ASGIApp, Receive, Scope, Send

# Measured (bench/posting.py, readers at an offered rate beside 64 posting clients): the first
# page's p99 was 34-44 ms with 2 or 4 posts at once, 155 ms with 8; posting throughput was the
# same within the runs' noise for 4 and 8, and lower for 2.
POSTS_AT_ONCE = 4
_POSTING = re.compile(r"^/api/v1/sites/[^/]+/stories/[^/]+/comments/?$")


class PostingAdmission:
    def __init__(self, app: ASGIApp, at_once: int = POSTS_AT_ONCE) -> None:
        self.app = app
        self._turns = asyncio.Semaphore(at_once)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST" and _POSTING.match(scope["path"]):
            async with self._turns:
                await self.app(scope, receive, send)
            return
        await self.app(scope, receive, send)
