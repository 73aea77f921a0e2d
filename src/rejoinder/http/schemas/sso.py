"""Single sign-on shapes."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from rejoinder.http.schemas import Strict

MAX_SSO_TOKEN_CHARS = 8_000


class SsoSessionIn(Strict):
    token: str = Field(
        min_length=1, max_length=MAX_SSO_TOKEN_CHARS, description="The JWT the publisher signed."
    )


class SsoAccountOut(BaseModel):
    id: int
    display_name: str
    role: Literal["reader", "moderator"] = Field(description="The role on this site.")
    badges: list[str] = Field(description="The token's badges that the site allows.")


class SsoSessionOut(BaseModel):
    account: SsoAccountOut
    token: str = Field(description="Send as 'Authorization: Bearer <token>'; for this site only.")
    csrf_token: str
    expires_in: int = Field(description="Seconds until the session ends.")
