"""Webhooks as the product defines them: the event types an endpoint may subscribe to, the
request a delivery sends and what came of it (the mechanism that sends is `platform/`'s)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

COMMENT_CREATED: Final = "comment.created"
COMMENT_PUBLISHED: Final = "comment.published"
COMMENT_HELD: Final = "comment.held"
COMMENT_REJECTED: Final = "comment.rejected"
COMMENT_EDITED: Final = "comment.edited"
COMMENT_DELETED: Final = "comment.deleted"
REPORT_FILED: Final = "report.filed"
STORY_CREATED: Final = "story.created"
TEST_EVENT: Final = "webhook.test"  # sent by `rejoinder webhook test` only, to one endpoint

EVENT_TYPES: Final = (
    COMMENT_CREATED, COMMENT_PUBLISHED, COMMENT_HELD, COMMENT_REJECTED, COMMENT_EDITED,
    COMMENT_DELETED, REPORT_FILED, STORY_CREATED,
)  # fmt: skip

SECRET_PREFIX: Final = "whsec_"  # noqa: S105  (a prefix, not a secret)
MESSAGE_PREFIX: Final = "msg_"

Outcome = Literal["delivered", "failed", "refused"]


class UnsafeTarget(ValueError):
    """A URL or address webhooks may not be sent to (SECURITY 23); the message names why."""


@dataclass(frozen=True)
class OutboundRequest:
    """One signed POST: the body is sent byte for byte as it was signed."""

    url: str
    body: bytes
    headers: dict[str, str]


@dataclass(frozen=True)
class SendOutcome:
    """What one attempt came to: delivered (a 2xx), failed (anything else), or refused before
    any connection (the address is not allowed). `error` names the kind of failure only."""

    outcome: Outcome
    status_code: int | None
    duration_ms: int
    error: str | None = None

    @property
    def delivered(self) -> bool:
        return self.outcome == "delivered"
