"""What services need from mechanisms, as Protocols; `platform/` holds the implementations.

`services/wiring.build_runtime` picks one of each from the settings and `Runtime` holds them
(architecture.md, ADR 0011).
"""

from __future__ import annotations

from collections.abc import Callable
from email.message import EmailMessage
from typing import Protocol

from rejoinder.domain.events import Event
from rejoinder.domain.live import LiveListener, LiveMessage
from rejoinder.domain.webhooks import OutboundRequest, SendOutcome

Subscriber = Callable[[Event], None]


class Counters(Protocol):
    """Fixed-window counters for rate limits: `platform/counters/memory.py` (one process) or
    `platform/counters/redis.py` (shared by every app server)."""

    async def incr(self, key: str, window_seconds: int) -> tuple[int, float]:
        """Add one to `key` in its current window: (count so far, seconds until it resets)."""
        ...

    async def aclose(self) -> None: ...


class MailTransport(Protocol):
    """Hands a composed mail on: `platform/mail_transport.py` (SMTP, or nowhere if mail is off)."""

    async def send(self, message: EmailMessage) -> None:
        """Send `message`, or raise: the mail's job is then tried again later."""
        ...


class Wakeup(Protocol):
    """Tells idle job workers that new work is due (in this process, or in every process)."""

    def notify(self) -> None:
        """New jobs committed in this process: wake this process's workers now."""

    async def wait(self, seconds: float) -> None:
        """Return when notified (from here or another process), or after `seconds`."""

    async def aclose(self) -> None: ...


class EventBus(Protocol):
    """Hands committed domain events to subscribers: `platform/event_hub.py` (this process)."""

    def subscribe(self, event_type: type[Event], subscriber: Subscriber) -> None:
        """`subscriber` hears every committed event of `event_type` and of its subclasses."""

    def hand(self, outbox_id: int | None, event: Event) -> None:
        """An event has committed: give it to its subscribers, and remember its outbox id."""

    def is_handed(self, outbox_id: int) -> bool: ...

    def take_handed(self) -> set[int]:
        """The ids handed since the last call, to be marked in the outbox."""
        ...


class LiveBus(Protocol):
    """Numbers and carries live messages to every app process: `platform/live_bus.py`."""

    def add_listener(self, listener: LiveListener) -> None:
        """`listener` hears every message of every story, on this process's event loop."""

    def publish(self, story_id: int, kind: str, comment_id: int) -> None:
        """Send after commit; never waits and never raises (an outage only logs)."""

    async def replay(self, story_id: int, after: tuple[str, int]) -> list[LiveMessage] | None:
        """The story's messages after `after` (epoch, seq); None: a gap, the reader refetches."""
        ...

    async def start(self) -> None: ...

    async def aclose(self) -> None: ...


class StoryLookup(Protocol):
    """What the story cache (`platform/story_cache.py`) reads of a lookup it keeps: the id of the
    story found (None: nobody has commented on it yet), so that a write to it drops the entry."""

    @property
    def story_id(self) -> int | None: ...


class WebhookSender(Protocol):
    """Sends a signed webhook request under SECURITY 23: `platform/webhook_sender.py`."""

    def check_url(self, url: str) -> None:
        """Raise `UnsafeTarget` (naming the problem) for a URL no delivery may go to; what the
        name resolves to is checked again at every send."""

    async def send(self, request: OutboundRequest) -> SendOutcome:
        """Send once; never raises for what the receiver or the network did."""
        ...
