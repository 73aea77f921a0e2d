"""The live bus: which comment of which story changed, numbered per story, to every app process.

A message carries ids only (story, comment, what happened); each process that has readers of the
story loads the comment once and fans it out to them (`http/live.py`), so the bus never carries
text and a reader never gets what they may no longer see. Each story keeps the last `LOG_SIZE`
messages (the replay log), so a reader who reconnects with `Last-Event-ID` resumes without gaps
or duplicates; an id older than the log, or of another epoch (a restarted bus), asks for a refetch.

`MemoryLiveBus`: one process, nothing else (the default). `RedisLiveBus` (`REDIS_URL`): numbers
and logs in Redis, one pub/sub subscription per process, whatever the number of readers. When
Redis is down comments are still accepted (publishing only logs); when it is back, every
listener is told once that it missed messages (`on_resume`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import RedisError

from rejoinder.domain.live import LiveListener, LiveMessage, replay_from

log = logging.getLogger(__name__)

LOG_SIZE = 256  # messages kept per story for replay
STORIES_KEPT = 20_000  # stories whose log one process keeps (MemoryLiveBus), least recent dropped


class MemoryLiveBus:
    """Numbers, logs and delivers in this process."""

    def __init__(self, log_size: int = LOG_SIZE) -> None:
        self.epoch = secrets.token_hex(4)
        self._log_size = log_size
        self._logs: OrderedDict[int, tuple[int, deque[LiveMessage]]] = OrderedDict()
        self._listeners: list[LiveListener] = []

    def add_listener(self, listener: LiveListener) -> None:
        self._listeners.append(listener)

    def publish(self, story_id: int, kind: str, comment_id: int) -> None:
        seq, entries = self._logs.pop(story_id, (0, deque(maxlen=self._log_size)))
        message = LiveMessage(self.epoch, seq + 1, story_id, kind, comment_id)
        entries.append(message)
        self._logs[story_id] = (seq + 1, entries)
        while len(self._logs) > STORIES_KEPT:
            self._logs.popitem(last=False)
        self.deliver(message)

    def deliver(self, message: LiveMessage) -> None:
        for listener in self._listeners:
            try:
                listener.on_message(message)
            except Exception as error:  # one listener's fault must not stop the others
                log.error("Live listener failed: %s", type(error).__name__)

    async def replay(self, story_id: int, after: tuple[str, int]) -> list[LiveMessage] | None:
        seq, entries = self._logs.get(story_id, (0, deque()))
        return replay_from(list(entries), self.epoch, seq, after)

    async def start(self) -> None:
        return None

    async def aclose(self) -> None:
        return None


# One round trip, atomic: the epoch (made by the first publisher after Redis started empty), the
# story's next number, the log trimmed to its size, and the publish, in that order for everyone.
PUBLISH = """
local epoch = redis.call('GET', KEYS[1])
if not epoch then
  redis.call('SET', KEYS[1], ARGV[1])
  epoch = ARGV[1]
end
local seq = redis.call('INCR', KEYS[2])
local message = epoch .. ' ' .. seq .. ' ' .. ARGV[2]
redis.call('RPUSH', KEYS[3], message)
redis.call('LTRIM', KEYS[3], -tonumber(ARGV[3]), -1)
redis.call('EXPIRE', KEYS[2], ARGV[4])
redis.call('EXPIRE', KEYS[3], ARGV[4])
redis.call('PUBLISH', ARGV[5], message)
return seq
"""
KEEP_SECONDS = 86_400  # an idle story's number and log expire after a day
TIMEOUT_SECONDS = 0.5
RETRY_SECONDS = (0.2, 0.5, 1.0, 2.0, 5.0)
WARN_EVERY_SECONDS = 60.0
OUTGOING_MAX = 10_000  # messages waiting for Redis; beyond, new ones are dropped (and counted)


class RedisLiveBus:
    """Numbers and logs in Redis; one subscription per process fanned out to its listeners."""

    def __init__(self, url: str, prefix: str = "rejoinder:live:", log_size: int = LOG_SIZE):
        self._url = url
        self._prefix = prefix
        self._log_size = log_size
        self._channel = f"{prefix}messages"
        self._client = Redis.from_url(
            url, socket_timeout=TIMEOUT_SECONDS, socket_connect_timeout=TIMEOUT_SECONDS
        )
        self._script = self._client.register_script(PUBLISH)
        self._listeners: list[LiveListener] = []
        self._outgoing: deque[tuple[int, str, int]] = deque()
        self._wake = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._closing = False
        self._missed = False  # a message was lost while Redis was away: tell listeners once back
        self._last_warning = -WARN_EVERY_SECONDS
        self.connected = False

    def add_listener(self, listener: LiveListener) -> None:
        self._listeners.append(listener)

    def _key(self, *parts: object) -> str:
        return self._prefix + ":".join(str(p) for p in parts)

    def publish(self, story_id: int, kind: str, comment_id: int) -> None:
        """Queue the message for the publisher task (started on first use); never waits."""
        if len(self._outgoing) >= OUTGOING_MAX:
            self._missed = True
            return
        self._outgoing.append((story_id, kind, comment_id))
        self._ensure_publisher()
        self._wake.set()

    def _ensure_publisher(self) -> None:
        if not any(t.get_name() == "live-publisher" and not t.done() for t in self._tasks):
            task = asyncio.get_running_loop().create_task(self._publisher(), name="live-publisher")
            self._tasks.append(task)

    async def _publisher(self) -> None:
        while not self._closing or self._outgoing:
            if not self._outgoing:
                self._wake.clear()
                await self._wake.wait()
                continue
            batch = [self._outgoing.popleft() for _ in range(min(len(self._outgoing), 500))]
            await self._send(batch)

    async def _send(self, batch: list[tuple[int, str, int]]) -> None:
        try:
            async with self._client.pipeline(transaction=False) as pipe:
                for story_id, kind, comment_id in batch:
                    await self._script(
                        keys=[self._key("epoch"), self._key("seq", story_id),
                              self._key("log", story_id)],
                        args=[secrets.token_hex(4), f"{story_id} {kind} {comment_id}",
                              self._log_size, KEEP_SECONDS, self._channel],
                        client=pipe,
                    )  # fmt: skip
                await pipe.execute()
        except (RedisError, OSError) as error:
            self._missed = True
            self._warn("Cannot publish live updates", error)
            if self._closing:
                self._outgoing.clear()

    async def replay(self, story_id: int, after: tuple[str, int]) -> list[LiveMessage] | None:
        try:
            async with self._client.pipeline(transaction=False) as pipe:
                pipe.get(self._key("epoch"))
                pipe.get(self._key("seq", story_id))
                pipe.lrange(self._key("log", story_id), 0, -1)
                epoch, seq, entries = await pipe.execute()
        except (RedisError, OSError) as error:
            self._warn("Cannot read the live replay log", error)
            return None
        if epoch is None:
            return None
        messages = [LiveMessage.decode(e.decode()) for e in entries]
        return replay_from(messages, epoch.decode(), int(seq or 0), after)

    async def start(self) -> None:
        """Subscribe (and keep resubscribing) in the background."""
        self._tasks.append(asyncio.get_running_loop().create_task(self._subscriber()))

    async def _subscriber(self) -> None:
        attempt = 0
        while not self._closing:
            try:
                await self._listen()
                attempt = 0
            except (RedisError, OSError) as error:
                self._missed = self._missed or self.connected
                self.connected = False
                self._warn("Live updates lost their Redis subscription", error)
            if not self._closing:
                await asyncio.sleep(RETRY_SECONDS[min(attempt, len(RETRY_SECONDS) - 1)])
                attempt += 1

    async def _listen(self) -> None:
        # A client of its own without a read timeout: the subscription waits for messages.
        client: Redis = Redis.from_url(
            self._url, socket_connect_timeout=TIMEOUT_SECONDS, health_check_interval=5
        )
        try:
            async with client.pubsub(ignore_subscribe_messages=True) as pubsub:
                await pubsub.subscribe(self._channel)
                self._on_connected()
                while not self._closing:
                    message = await pubsub.get_message(timeout=1.0)
                    if message is not None and message.get("type") == "message":
                        self._deliver(LiveMessage.decode(message["data"].decode()))
        finally:
            with contextlib.suppress(RedisError, OSError):
                await client.aclose()

    def _on_connected(self) -> None:
        self.connected = True
        if self._missed:
            self._missed = False
            for listener in self._listeners:
                self._call(listener.on_resume)

    def _deliver(self, message: LiveMessage) -> None:
        for listener in self._listeners:
            self._call(listener.on_message, message)

    def _call(self, method: Callable[..., None], *args: Any) -> None:
        try:
            method(*args)
        except Exception as error:  # one listener's fault must not stop the others
            log.error("Live listener failed: %s", type(error).__name__)

    def _warn(self, what: str, error: Exception) -> None:
        now = time.monotonic()
        if now - self._last_warning >= WARN_EVERY_SECONDS:
            self._last_warning = now
            log.warning("%s (%s); comments are still accepted", what, type(error).__name__)

    async def aclose(self) -> None:
        self._closing = True
        self._wake.set()
        publisher = [t for t in self._tasks if t.get_name() == "live-publisher"]
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.gather(*publisher, return_exceptions=True), 2.0)
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        with contextlib.suppress(RedisError, OSError):
            await self._client.aclose()
