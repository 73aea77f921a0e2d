"""Random bearer secrets (sessions, API tokens, mail keys) and how they are stored: hashed."""

from __future__ import annotations

import hashlib
import hmac
import secrets


def new_secret(prefix: str) -> str:
    """A URL-safe secret with a readable prefix (so a leaked one is recognisable in logs)."""
    return f"{prefix}_{secrets.token_urlsafe(32)}"


def secret_hash(key: bytes, secret: str) -> str:
    """What the database keeps: HMAC with the install key, so a leaked table opens nothing."""
    return hmac.new(key, secret.encode(), hashlib.sha256).hexdigest()


def same_secret(a: str, b: str) -> bool:
    """Constant-time comparison (SECURITY 18)."""
    return hmac.compare_digest(a.encode(), b.encode())
