"""Server-Sent Events for a story's readers, fanned out from the live bus in this process.

One `LiveStreams` per process listens to the bus. A message for a story nobody here reads costs
a dictionary lookup; otherwise the messages of that story are taken in batches, the comments they
name are loaded once (`services/live.story_now`) and serialised once, and the same bytes go to
every reader, each skipping the authors they muted. A reader is a `Listener` (a few slots and a
list) and a `LiveStream` answer: one coroutine that waits on it with a keep-alive timer, plus one
that waits for the disconnect; nothing per reader touches Redis or the database.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

import orjson
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from rejoinder.domain.interfaces import LiveBus
from rejoinder.domain.live import READER_KINDS, LiveMessage, parse_event_id
from rejoinder.http.access_log import SERVER_SEND
from rejoinder.http.schemas.comments import public_comment_dict
from rejoinder.platform import metrics
from rejoinder.services import live
from rejoinder.services.live import StoryNow, StreamStart

log = logging.getLogger(__name__)

KEEPALIVE = b": keep-alive\n\n"
REACTIONS_DELAY = 0.5  # seconds a like count may wait to go out with others
FANOUT_SLICE = 100  # readers woken per turn of the event loop
BACKLOG_MAX = 500  # frames waiting for one slow reader; beyond, it is told to refetch instead
HEADERS = [
    (b"content-type", b"text/event-stream; charset=utf-8"),
    (b"cache-control", b"no-cache, no-transform"),
    (b"x-accel-buffering", b"no"),  # nginx: pass each event on at once (docs/scaling.md)
]


def sse_frame(event: str, data: Any, event_id: str | None = None) -> bytes:
    head = b"" if event_id is None else b"id: " + event_id.encode() + b"\n"
    return head + b"event: " + event.encode() + b"\ndata: " + orjson.dumps(data) + b"\n\n"


class Frame:
    """One event's bytes, with what a reader needs to skip it (muted author, already sent)."""

    __slots__ = ("author", "data", "epoch", "seq")

    def __init__(self, data: bytes, epoch: str = "", seq: int = 0, author: int | None = None):
        self.data, self.epoch, self.seq, self.author = data, epoch, seq, author


def refetch(reason: str) -> Frame:
    return Frame(sse_frame("refetch", {"reason": reason}))


class Listener:
    """One reader's stream: frames waiting to be written, and where the reader is in the log."""

    __slots__ = ("closed", "epoch", "frames", "hidden", "home", "last_seq", "waiter")

    def __init__(self, hidden: frozenset[int]) -> None:
        self.hidden = hidden
        self.frames: list[Frame] = []
        self.epoch = ""
        self.last_seq = 0
        self.closed = False
        self.waiter: asyncio.Future[None] | None = None
        self.home: tuple[dict[Any, set[Listener]], Any] | None = None  # where LiveStreams holds it

    def push(self, frames: list[Frame]) -> None:
        hidden = self.hidden
        if hidden:
            frames = [f for f in frames if f.author is None or f.author not in hidden]
        self.frames += frames  # no generator per reader: 10,000 readers take one comment
        if len(self.frames) > BACKLOG_MAX:
            self.frames = [refetch("behind")]
        self.wake()

    def close(self) -> None:
        self.closed = True
        self.wake()

    def wake(self) -> None:
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(None)

    async def next(self, keepalive: float) -> list[Frame]:
        """The frames not sent yet, in log order, once there are any (or none after `keepalive`)."""
        if not self.frames and not self.closed:
            loop = asyncio.get_running_loop()
            self.waiter = loop.create_future()
            timer = loop.call_later(keepalive, self.wake)
            try:
                await self.waiter
            finally:
                timer.cancel()
                self.waiter = None
        frames, self.frames = self.frames, []
        frames.sort(key=lambda f: f.seq)  # a replay and live messages may interleave
        return [f for f in frames if self._is_new(f)]

    def _is_new(self, frame: Frame) -> bool:
        if frame.seq == 0:
            return True
        if frame.epoch != self.epoch:  # a new bus (Redis restarted): its numbers start again
            self.epoch, self.last_seq = frame.epoch, frame.seq
            return True
        if frame.seq <= self.last_seq:
            return False
        self.last_seq = frame.seq
        return True


def frames_for(batch: list[LiveMessage], now: StoryNow) -> list[Frame]:
    frames = []
    data: dict[str, Any]
    # A comment's count is the same in each of its reactions messages: the newest is enough.
    newest_reactions = {m.comment_id: m for m in batch if m.kind == "reactions"}
    for message in batch:
        if message.kind == "reactions" and newest_reactions[message.comment_id] is not message:
            continue
        comment = now.comments.get(message.comment_id)
        if comment is None or message.kind not in READER_KINDS:
            continue
        shown = live.shows(comment)
        if message.kind == "reactions":
            if not shown:
                continue
            event, data = "comment.reactions", {"id": comment.id, "like_count": comment.like_count}
        elif shown and message.kind in ("published", "edited"):
            data = {"comment": public_comment_dict(comment, now.qa), "count": now.count}
            event = f"comment.{message.kind}"
        else:  # removed, or no longer shown since: withdrawn (a tombstone if it holds replies)
            tombstone = public_comment_dict(comment, now.qa) if shown else None
            event, data = (
                "comment.removed",
                {"id": comment.id, "count": now.count, "comment": tombstone},
            )
        data_bytes = sse_frame(event, data, message.event_id)
        frames.append(Frame(data_bytes, message.epoch, message.seq, comment.author_account_id))
    return frames


class LiveStreams:
    """This process's readers of live updates, by story; the bus's one listener here."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], bus: LiveBus) -> None:
        self._sessions = sessions
        self._bus = bus
        self._by_story: dict[int, set[Listener]] = {}
        self._waiting: dict[tuple[int, str], set[Listener]] = {}  # stories with no comment yet
        self._pending: dict[int, list[LiveMessage]] = {}
        self._busy: set[int] = set()
        self._delayed: dict[int, asyncio.TimerHandle] = {}  # stories with only likes pending
        self._tasks: set[asyncio.Task[None]] = set()
        bus.add_listener(self)

    @property
    def connections(self) -> int:
        return sum(map(len, self._by_story.values())) + sum(map(len, self._waiting.values()))

    def on_message(self, message: LiveMessage) -> None:
        story_id = message.story_id
        if message.kind not in READER_KINDS:
            return
        if story_id not in self._by_story and not self._waiting:
            return
        self._pending.setdefault(story_id, []).append(message)
        if story_id in self._busy:
            return  # the flush on its way takes it
        if message.kind == "reactions":
            # Like counts may wait a moment: a story liked every few milliseconds then costs
            # each reader one write per REACTIONS_DELAY, not one per like.
            if story_id not in self._delayed:
                loop = asyncio.get_running_loop()
                self._delayed[story_id] = loop.call_later(
                    REACTIONS_DELAY, self._start_flush, story_id
                )
            return
        self._start_flush(story_id)

    def _start_flush(self, story_id: int) -> None:
        delayed = self._delayed.pop(story_id, None)
        if delayed is not None:
            delayed.cancel()
        if story_id in self._busy or story_id not in self._pending:
            return
        self._busy.add(story_id)
        task = asyncio.get_running_loop().create_task(self._flush(story_id))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def on_resume(self) -> None:
        for listener in self._all():
            listener.push([refetch("resumed")])

    def _all(self) -> list[Listener]:
        groups = [*self._by_story.values(), *self._waiting.values()]
        return [listener for group in groups for listener in group]

    async def _flush(self, story_id: int) -> None:
        """Deliver the story's messages in order, a batch per database read."""
        try:
            while batch := self._pending.pop(story_id, None):
                if story_id not in self._by_story:
                    await self._adopt_waiting(story_id)
                listeners = self._by_story.get(story_id)
                if listeners:
                    frames = await self._frames(story_id, batch)
                    await _push_in_slices(list(listeners), frames)
        finally:
            self._busy.discard(story_id)

    async def _frames(self, story_id: int, batch: list[LiveMessage]) -> list[Frame]:
        try:
            now = await live.story_now(self._sessions, story_id, [m.comment_id for m in batch])
        except Exception as error:  # the database is away: the reader catches up by refetching
            log.warning("Cannot load live updates: %s", type(error).__name__)
            return [refetch("unavailable")]
        return frames_for(batch, now)

    async def _adopt_waiting(self, story_id: int) -> None:
        """A first comment created the story: its waiting readers now read it by id."""
        if not self._waiting:
            return
        with contextlib.suppress(Exception):  # unknown for now: the next message tries again
            key = await live.story_of(self._sessions, story_id)
            if key is not None and key in self._waiting:
                for listener in self._waiting.pop(key):
                    hold(self._by_story, story_id, listener)

    async def open(self, start: StreamStart, story_key: str, last_event_id: str | None) -> Listener:
        """Register a reader, with the messages it missed since `last_event_id` already queued."""
        listener = Listener(start.hidden_authors)
        if start.story_id is None:
            hold(self._waiting, (start.site_id, story_key), listener)
        else:
            hold(self._by_story, start.story_id, listener)
        after = parse_event_id(last_event_id)
        if after is not None:
            await self._replay(listener, start.story_id, after)
        return listener

    async def _replay(
        self, listener: Listener, story_id: int | None, after: tuple[str, int]
    ) -> None:
        missed = None if story_id is None else await self._bus.replay(story_id, after)
        if missed is None:
            listener.push([refetch("gap")])
        elif missed:
            listener.epoch, listener.last_seq = after
            listener.push(await self._frames(story_id or 0, missed))
        else:
            listener.epoch, listener.last_seq = after

    def close_all(self) -> None:
        for delayed in self._delayed.values():
            delayed.cancel()
        self._delayed.clear()
        for listener in self._all():
            listener.close()


async def _push_in_slices(listeners: list[Listener], frames: list[Frame]) -> None:
    """Wake the readers a slice at a time, letting the event loop answer other requests between
    slices: thousands of streams woken at once would hold every page read behind them."""
    for start in range(0, len(listeners), FANOUT_SLICE):
        for listener in listeners[start : start + FANOUT_SLICE]:
            listener.push(frames)
        if start + FANOUT_SLICE < len(listeners):
            await asyncio.sleep(0)


def hold(groups: dict[Any, set[Listener]], key: Any, listener: Listener) -> None:
    groups.setdefault(key, set()).add(listener)
    listener.home = (groups, key)


def release(listener: Listener) -> None:
    """The reader went: forget them wherever they were held."""
    if listener.home is not None:
        groups, key = listener.home
        group = groups.get(key, set())
        group.discard(listener)
        if not group:
            groups.pop(key, None)
        listener.home = None


class LiveStream(Response):
    """The `text/event-stream` answer of one reader, until they go or the server stops."""

    def __init__(
        self,
        listener: Listener,
        retry_ms: int,
        keepalive: float,
        lifetime: float,
    ) -> None:
        self.status_code = 200
        self.background = None
        self.raw_headers = list(HEADERS)
        self._listener = listener
        self._retry, self._keepalive, self._lifetime = retry_ms, keepalive, lifetime

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        listener = self._listener
        # Events skip the middlewares' wrappers (they act on the start): one call, not eight,
        # for each of 10,000 readers of a comment.
        body_send: Send = scope.get(SERVER_SEND, send)
        watcher = asyncio.ensure_future(_until_disconnect(receive, listener))
        metrics.live_connection(opened=True)
        try:
            await send({"type": "http.response.start", "status": 200, "headers": self.raw_headers})
            first = b"retry: %d\n\n" % self._retry
            await send({"type": "http.response.body", "body": first, "more_body": True})
            loop = asyncio.get_running_loop()
            ends = loop.time() + self._lifetime
            while not listener.closed and (left := ends - loop.time()) > 0:
                frames = await listener.next(min(self._keepalive, left))
                body = b"".join(f.data for f in frames) or KEEPALIVE
                if listener.closed and not frames:
                    break
                await body_send({"type": "http.response.body", "body": body, "more_body": True})
            # The server ends the stream (stopping, or the stream's lifetime is up): the reader
            # reconnects with its Last-Event-ID, to this process or another one.
            if not watcher.done():
                await send({"type": "http.response.body", "body": b"", "more_body": False})
        except OSError:
            pass  # the reader went while we wrote
        finally:
            watcher.cancel()
            release(listener)
            metrics.live_connection(opened=False)


async def _until_disconnect(receive: Receive, listener: Listener) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass
    listener.close()
