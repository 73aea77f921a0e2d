"""Live updates as the domain sees them: numbered messages of ids, per story (`platform/live_bus`).

A message says which comment of which story changed and how; the reader's copy is loaded when it
is sent, so what goes out is always what that reader may see now.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

READER_KINDS = frozenset({"published", "edited", "removed", "reactions"})  # what readers see
KINDS = READER_KINDS | {"held", "rejected", "decided", "reported"}  # the rest: queues changed


@dataclass(frozen=True, slots=True)
class LiveMessage:
    epoch: str
    seq: int
    story_id: int
    kind: str  # one of KINDS
    comment_id: int

    @property
    def event_id(self) -> str:
        return f"{self.epoch}-{self.seq}"

    def encode(self) -> str:
        return f"{self.epoch} {self.seq} {self.story_id} {self.kind} {self.comment_id}"

    @staticmethod
    def decode(text: str) -> LiveMessage:
        epoch, seq, story_id, kind, comment_id = text.split(" ")
        return LiveMessage(epoch, int(seq), int(story_id), kind, int(comment_id))


def parse_event_id(value: str | None) -> tuple[str, int] | None:
    """(epoch, seq) of a `Last-Event-ID`; None when absent or not one of ours."""
    if not value:
        return None
    epoch, _, seq = value.strip().rpartition("-")
    if not epoch or not seq.isdigit() or len(value) > 64:
        return None
    return epoch, int(seq)


class LiveListener(Protocol):
    def on_message(self, message: LiveMessage) -> None:
        """Called on the event loop for every message, of every story; must not block."""

    def on_resume(self) -> None:
        """The bus lost messages (an outage ended): every reader should refetch once."""


def replay_from(
    log_: list[LiveMessage], epoch: str, current: int, after: tuple[str, int]
) -> list[LiveMessage] | None:
    """The messages after `after` in a story's log; None when they cannot all be given."""
    after_epoch, after_seq = after
    if after_epoch != epoch or after_seq > current:
        return None  # another bus, or a log that restarted: the reader's state is unknown
    missed = [m for m in log_ if m.seq > after_seq]
    if after_seq < current and (not missed or missed[0].seq != after_seq + 1):
        return None  # older than the log
    return missed
