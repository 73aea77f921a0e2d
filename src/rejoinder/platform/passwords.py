"""Password hashing with argon2id, off the event loop (it takes ~0.1 s of CPU on purpose)."""

from __future__ import annotations

import asyncio
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()  # argon2id with the library's RFC 9106 defaults


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Checked against when there is no account, so unknown emails take as long as known ones."""
    return _hasher.hash("no account has this password")


async def hash_password(password: str) -> str:
    return await asyncio.to_thread(_hasher.hash, password)


async def verify_password(stored: str | None, password: str) -> bool:
    """Constant work whether or not there is a stored hash (SECURITY 18)."""
    target = stored if stored is not None else await asyncio.to_thread(_dummy_hash)
    try:
        matched = await asyncio.to_thread(_hasher.verify, target, password)
    except (VerificationError, InvalidHashError):
        return False
    return bool(matched) and stored is not None


def needs_rehash(stored: str) -> bool:
    """True when the hash was made with weaker parameters than today's."""
    return _hasher.check_needs_rehash(stored)
