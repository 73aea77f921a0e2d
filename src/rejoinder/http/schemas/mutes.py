"""Mute shapes: the readers a signed-in reader has muted."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from rejoinder.domain.limits import MAX_ID
from rejoinder.http.schemas import Strict


class MuteIn(Strict):
    account_id: int = Field(ge=1, le=MAX_ID, description="The reader to mute.")


class MuteOut(BaseModel):
    account_id: int
    display_name: str
    muted_at: datetime


class MuteListOut(BaseModel):
    items: list[MuteOut]
