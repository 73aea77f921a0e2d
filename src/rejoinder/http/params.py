"""Path parameters shared by the API routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path

from rejoinder.domain.limits import MAX_ID

IdPath = Annotated[int, Path(ge=1, le=MAX_ID, description="A numeric id.")]
