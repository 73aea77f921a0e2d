"""Reply notification settings: what an account chose (docs/notifications.md)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from rejoinder.domain.notifications import ReplyMode
from rejoinder.http.schemas import Strict

_MODE_TEXT = (
    "Mail about replies to the comments you asked to hear of: `every` reply (at most "
    "REJOINDER_REPLY_MAILS_PER_HOUR mails an hour, the rest batched), a daily `digest`, or `none`."
)


class NotificationSettingsIn(Strict):
    reply_notifications: ReplyMode = Field(description=_MODE_TEXT)


class NotificationSettingsOut(BaseModel):
    reply_notifications: ReplyMode = Field(description=_MODE_TEXT)
