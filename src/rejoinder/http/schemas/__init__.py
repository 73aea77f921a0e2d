"""Request and response shapes of the public API (they are the OpenAPI document)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, field_validator

from rejoinder.domain.text import storable


class Strict(BaseModel):
    """The base of every body a client sends: no unknown fields, and every text field checked
    for what the databases store differently (NUL), so no input model can forget it."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*")
    @classmethod
    def _storable_text(cls, value: object) -> object:
        return storable(value) if isinstance(value, str) else value
