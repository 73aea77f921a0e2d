"""Reply notifications' rules that need no database: the reader's choices and the flood limit."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from enum import StrEnum

FLOOD_WINDOW = timedelta(hours=1)


class ReplyMode(StrEnum):
    """An account's `reply_notifications`: a mail per reply, one a day listing them, none."""

    EVERY = "every"
    DIGEST = "digest"
    NONE = "none"


def next_mail_at(sent: Sequence[datetime], limit: int, now: datetime) -> datetime:
    """When the next mail may go to a recipient mailed at `sent` (oldest first, the last hour):
    now while fewer than `limit` went out in the window, else once the oldest of them leaves it."""
    recent = [at for at in sent if at > now - FLOOD_WINDOW]
    if len(recent) < limit:
        return now
    return recent[-limit] + FLOOD_WINDOW
