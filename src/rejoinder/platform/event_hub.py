"""In-process subscribers of domain events, handed each event once its transaction committed.

Subscribers are quick and never block (live updates put the event on a bus and return). The ids
handed here are marked in the outbox in batches (`take_handed`), so the hot write path pays no
extra statement per event.
"""

from __future__ import annotations

import logging
from collections import defaultdict

from rejoinder.domain.events import Event
from rejoinder.domain.interfaces import Subscriber

log = logging.getLogger(__name__)


class EventHub:
    def __init__(self) -> None:
        self._subscribers: defaultdict[type[Event], list[Subscriber]] = defaultdict(list)
        self._handed: set[int] = set()

    def subscribe(self, event_type: type[Event], subscriber: Subscriber) -> None:
        """`subscriber` hears every committed event of `event_type` and of its subclasses."""
        self._subscribers[event_type].append(subscriber)

    def hand(self, outbox_id: int | None, event: Event) -> None:
        for event_type, subscribers in self._subscribers.items():
            if isinstance(event, event_type):
                for subscriber in subscribers:
                    self._call(subscriber, event)
        if outbox_id is not None:
            self._handed.add(outbox_id)

    def _call(self, subscriber: Subscriber, event: Event) -> None:
        try:
            subscriber(event)
        except Exception as error:  # one subscriber's fault must not stop the others
            log.error("Subscriber of %s failed: %s", event.name, type(error).__name__)

    def is_handed(self, outbox_id: int) -> bool:
        return outbox_id in self._handed

    def take_handed(self) -> set[int]:
        """The ids handed since the last call, to be marked in the outbox."""
        handed, self._handed = self._handed, set()
        return handed
