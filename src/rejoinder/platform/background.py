"""Work that runs after the answer has gone: mail delivery, and requests whose answer must not
depend on what the work finds (password resets, new confirmation links).

In process memory, not durable: work still running when the process stops is lost, and the
reader asks again (the durable job queue replaces this). A failure is logged, never raised into
a request, and the log names the error class and where it happened, never its message: messages
can hold an address or a key (SECURITY 34).
"""

from __future__ import annotations

import asyncio
import logging
import traceback
from collections.abc import Coroutine
from typing import Any

log = logging.getLogger(__name__)

_running: set[asyncio.Task[None]] = set()


def start(work: Coroutine[Any, Any, None], what: str) -> None:
    """Run `work` on this event loop, after the current request hands control back."""
    task = asyncio.get_running_loop().create_task(_logged(work, what))
    _running.add(task)
    task.add_done_callback(_running.discard)


async def _logged(work: Coroutine[Any, Any, None], what: str) -> None:
    try:
        await work
    except Exception as error:  # logged here: nobody awaits this task
        log.error("%s failed: %s at %s", what, type(error).__name__, _where(error))


def _where(error: BaseException) -> str:
    frames = traceback.extract_tb(error.__traceback__)
    return f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "?"


async def drain() -> None:
    """Wait for the work of this event loop, including work it started (tests; shutdown)."""
    loop = asyncio.get_running_loop()
    while pending := [t for t in _running if t.get_loop() is loop and not t.done()]:
        await asyncio.gather(*pending, return_exceptions=True)
