"""Staff sign-in through a newsroom's OpenID Connect provider (ADR 0012): what the provider's
claims say about a person, and which Rejoinder roles the install's role map gives them (pure).

The role map names, for each value of the provider's roles claim (a group, a role), what it
grants: `admin`, or `moderator:<site-slug>` (checked when the settings are read, config.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

ADMIN = "admin"
MODERATOR_PREFIX = "moderator:"


@dataclass(frozen=True)
class StaffRoles:
    admin: bool = False
    sites: frozenset[str] = field(default_factory=frozenset)  # slugs of the sites to moderate


@dataclass(frozen=True)
class StaffClaims:
    """Who the provider says signed in; `roles` are the values of its roles claim."""

    issuer: str
    subject: str
    email: str | None = None
    email_verified: bool = False
    name: str | None = None
    roles: tuple[str, ...] = ()


def roles_for(role_map: Mapping[str, str], claimed: Iterable[str]) -> StaffRoles:
    """Every role the claimed values map to; values the map does not name grant nothing."""
    granted = {role_map[value] for value in claimed if value in role_map}
    sites = {role.removeprefix(MODERATOR_PREFIX) for role in granted if role != ADMIN}
    return StaffRoles(admin=ADMIN in granted, sites=frozenset(sites))


def _strings(value: Any) -> tuple[str, ...]:
    """A claim of one string or a list of them (providers send either); anything else: none."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(item for item in value if isinstance(item, str))
    return ()


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def claims_from(issuer: str, raw: Mapping[str, Any], roles_claim: str) -> StaffClaims:
    """The claims Rejoinder reads, from verified ID token (and userinfo) claims. Some providers
    send `email_verified` as the string "true"."""
    return StaffClaims(
        issuer=issuer,
        subject=str(raw["sub"]),
        email=_text(raw.get("email")),
        email_verified=raw.get("email_verified") in (True, "true"),
        name=_text(raw.get("name")),
        roles=_strings(raw.get(roles_claim)),
    )
