"""A site's single sign-on settings (`settings.sso`) and the claims of a publisher's token.

The publisher signs a short-lived JWT for each reader; Rejoinder checks it with the keys below.
Each key pins its algorithm (SECURITY 17): a token's own `alg` header never chooses how it is
checked. Several keys may be live at once, told apart by `kid`, so keys can be rotated.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Any, Literal, Self

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from rejoinder.domain.text import StorableStr

MIN_HS256_SECRET_BYTES = 32
MIN_RSA_BITS = 2048
MAX_KEYS = 10
MAX_BADGES = 20
MAX_BADGE_CHARS = 40
MAX_EXTERNAL_ID_CHARS = 200  # sso_identities.external_id

SsoRole = Literal["reader", "moderator"]
ROLE_RANK = {"reader": 0, "moderator": 1, "admin": 2}


class SsoKey(BaseModel):
    """One verification key: an HS256 shared secret or an RS256 public key (PEM)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kid: str = Field(min_length=1, max_length=100, description="The `kid` header tokens carry.")
    alg: Literal["HS256", "RS256"]
    secret: str | None = Field(default=None, description="HS256: at least 32 bytes.")
    public_key: str | None = Field(default=None, description="RS256: a PEM public key.")

    @model_validator(mode="after")
    def _material_fits_algorithm(self) -> Self:
        if self.alg == "HS256":
            _check_hs256(self)
        else:
            _check_rs256(self)
        return self

    @property
    def material(self) -> str:
        return self.secret if self.alg == "HS256" else self.public_key  # type: ignore[return-value]


def _check_hs256(key: SsoKey) -> None:
    if key.secret is None or key.public_key is not None:
        raise ValueError(f"key '{key.kid}': HS256 takes a 'secret' and no 'public_key'")
    if len(key.secret.encode()) < MIN_HS256_SECRET_BYTES:
        raise ValueError(
            f"key '{key.kid}': an HS256 secret must be at least {MIN_HS256_SECRET_BYTES} bytes"
        )


def _check_rs256(key: SsoKey) -> None:
    if key.public_key is None or key.secret is not None:
        raise ValueError(f"key '{key.kid}': RS256 takes a 'public_key' (PEM) and no 'secret'")
    bits = _rsa_bits(key.public_key)
    if bits is None:
        raise ValueError(f"key '{key.kid}': 'public_key' is not a PEM RSA public key")
    if bits < MIN_RSA_BITS:
        raise ValueError(f"key '{key.kid}': RS256 needs an RSA key of {MIN_RSA_BITS} bits or more")


@lru_cache(maxsize=64)
def _rsa_bits(pem: str) -> int | None:
    """Cached: site settings are validated on every write that reads them."""
    try:
        loaded = load_pem_public_key(pem.encode())
    except (ValueError, UnsupportedAlgorithm):
        return None
    return loaded.key_size if isinstance(loaded, RSAPublicKey) else None


class SsoSettings(BaseModel):
    """`settings.sso` of a site; see docs/sso.md."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    keys: list[SsoKey] = Field(min_length=1, max_length=MAX_KEYS)
    issuer: str = Field(min_length=1, max_length=300, description="The `iss` tokens must carry.")
    audience: str = Field(min_length=1, max_length=300, description="The `aud` tokens must carry.")
    max_role: SsoRole = Field(
        default="reader", description="The highest role a token may give on this site."
    )
    allowed_badges: list[str] = Field(default_factory=list, max_length=MAX_BADGES)
    leeway_seconds: int = Field(default=30, ge=0, le=300, description="Clock skew allowed.")

    @field_validator("keys")
    @classmethod
    def _kids_are_unique(cls, keys: list[SsoKey]) -> list[SsoKey]:
        kids = [key.kid for key in keys]
        if len(set(kids)) != len(kids):
            raise ValueError("each key needs its own 'kid'")
        return keys

    @field_validator("allowed_badges")
    @classmethod
    def _badges_are_short(cls, badges: list[str]) -> list[str]:
        if any(not badge or len(badge) > MAX_BADGE_CHARS for badge in badges):
            raise ValueError(f"a badge is 1-{MAX_BADGE_CHARS} characters")
        return badges

    def key(self, kid: object) -> SsoKey | None:
        return next((key for key in self.keys if key.kid == kid), None)


def check_sso_settings(value: dict[str, Any] | None) -> dict[str, Any] | None:
    """Validate `settings.sso` when a site is saved; keep it as plain JSON."""
    if value is None:
        return None
    try:
        return SsoSettings.model_validate(value).model_dump(exclude_none=True)
    except ValidationError as error:
        raise PydanticCustomError(
            "sso_settings",
            "; ".join(
                f"{'.'.join(str(p) for p in e['loc'])}: {e['msg'].removeprefix('Value error, ')}"
                for e in error.errors()
            ),
        ) from None


# The type of `SiteSettings.sso`: free JSON in the database, checked against SsoSettings.
SsoSettingsJson = Annotated[dict[str, Any] | None, AfterValidator(check_sso_settings)]


class SsoClaims(BaseModel):
    """The claims Rejoinder reads from a verified token (exp, aud, iss are checked by then)."""

    model_config = ConfigDict(extra="ignore")

    sub: StorableStr = Field(min_length=1, max_length=MAX_EXTERNAL_ID_CHARS)
    name: StorableStr = Field(min_length=1, max_length=200)
    email: StorableStr | None = Field(default=None, max_length=320)  # kept only if an address
    badges: list[StorableStr] = Field(default_factory=list, max_length=MAX_BADGES)
    # None: the token says nothing about roles, and roles granted before are left alone.
    role: Literal["reader", "moderator", "admin"] | None = None


def capped_role(claimed: str, site_max: SsoRole) -> SsoRole:
    """A token cannot raise anyone above what the site allows; never admin."""
    return "moderator" if min(ROLE_RANK[claimed], ROLE_RANK[site_max]) >= 1 else "reader"
