"""What a guest's edit token allows (SECURITY 12); `platform/tokens.py` signs and checks it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EditGrant:
    """What a guest edit token allows: one version of one comment on one site, until expiry."""

    comment_id: int
    site_id: int
    version: int
    expires_at: int  # unix seconds
