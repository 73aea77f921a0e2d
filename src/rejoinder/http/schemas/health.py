"""Health checks' answers (`/healthz`, `/readyz`: for load balancers, not in the API document)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class HealthOut(BaseModel):
    status: Literal["ok", "ready"] = Field(
        description="`ok`: the process is up; `ready`: its database answers too."
    )
