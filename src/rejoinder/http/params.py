"""Path and query parameters shared by the API routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query

from rejoinder.domain.limits import MAX_ID, MAX_PAGE_SIZE

IdPath = Annotated[int, Path(ge=1, le=MAX_ID, description="A numeric id.")]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)]
Cursor = Annotated[str | None, Query(max_length=200)]
