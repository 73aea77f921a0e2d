"""Who is signed in on a request, and how they proved it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

AuthMethod = Literal["cookie", "bearer", "api_token"]


@dataclass(frozen=True)
class Principal:
    account_id: int
    display_name: str
    is_admin: bool
    via: AuthMethod
    # Set for a session opened by a site's single sign-on: it speaks for that site only.
    session_site_id: int | None = None
