"""Story shapes."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel


class StoryOut(BaseModel):
    id: str
    url: str
    title: str
    comment_count: int
    published_at: datetime | None
    closed_at: datetime | None
    created_at: datetime


class CountsOut(BaseModel):
    stories: dict[str, int]
    urls: dict[str, int]
