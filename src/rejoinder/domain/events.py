"""What happened, as small frozen records carrying ids only (never text, names or addresses).

Services emit them through `services/events.emit` in the transaction of the change; features
react to them (live updates in process, jobs for everything that must not be lost). An event is
stored as its type name and its fields (the outbox), so each type is registered by name here.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, ClassVar


@dataclass(frozen=True)
class Event:
    """The base of every domain event; subclasses add int/str (or bool) fields only."""

    types: ClassVar[dict[str, type[Event]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        Event.types[cls.__name__] = cls

    @property
    def name(self) -> str:
        return type(self).__name__

    def payload(self) -> dict[str, Any]:
        return asdict(self)

    @staticmethod
    def load(name: str, payload: dict[str, Any]) -> Event:
        """The event stored as (`name`, `payload`); unknown fields of a newer release dropped."""
        cls = Event.types[name]
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in payload.items() if k in known})


@dataclass(frozen=True)
class CommentEvent(Event):
    comment_id: int
    story_id: int
    site_id: int
    # The status event of a comment just written (its first): webhooks' `comment.created`.
    new: bool = field(default=False, kw_only=True)


@dataclass(frozen=True)
class CommentPublished(CommentEvent):
    """A comment became visible to readers (a new post, or approved from a queue)."""


@dataclass(frozen=True)
class CommentHeld(CommentEvent):
    """A new or edited comment waits for a moderator."""


@dataclass(frozen=True)
class CommentRejected(CommentEvent):
    """A comment that was never shown was turned down (by a phase or a moderator)."""


@dataclass(frozen=True)
class CommentRemoved(CommentEvent):
    """A visible comment stopped being visible (deleted by its author, rejected, held again)."""


@dataclass(frozen=True)
class CommentEdited(CommentEvent):
    """The author changed the text; its status after the edit has its own event if it moved."""


@dataclass(frozen=True)
class CommentReacted(CommentEvent):
    """A reader liked a comment or took the like back (its count changed)."""


@dataclass(frozen=True)
class CommentDecided(CommentEvent):
    """A moderator decided on a comment (approve, reject, ...); `decision_id` says which."""

    decision_id: int
    action: str


@dataclass(frozen=True)
class CommentFeatured(CommentEvent):
    """A moderator featured a published comment (shown on top, with a badge; its author told)."""


@dataclass(frozen=True)
class ReportFiled(CommentEvent):
    """A reader reported a comment."""

    report_id: int


@dataclass(frozen=True)
class AccountConfirmed(Event):
    """An account's address was confirmed: it may comment and receive mail."""

    account_id: int


@dataclass(frozen=True)
class StoryCreated(Event):
    """A story was started (by its first comment): webhooks tell the newsroom."""

    story_id: int
    site_id: int
