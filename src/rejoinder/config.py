"""Typed settings, read from REJOINDER_* environment variables (see docs/configuration.md)."""

from __future__ import annotations

import ipaddress
import re
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal, Self
from urllib.parse import urlsplit

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# What the OIDC role map may grant (domain/staff_sign_in.py reads it): the slug is a site's, as
# `rejoinder site create` accepts it (domain/limits.SITE_SLUG; config imports none of the layers).
ROLE = re.compile(r"admin|moderator:[a-z0-9][a-z0-9-]{0,62}")
ROLE_FORMS = "'admin' or 'moderator:<site-slug>'"


class Settings(BaseSettings):
    """One install's configuration. Every field is documented in docs/configuration.md."""

    model_config = SettingsConfigDict(env_prefix="REJOINDER_", extra="ignore")

    data_dir: Path = Field(default=Path("data"), description="Where SQLite and the secret live.")
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy async URL; default is SQLite at DATA_DIR/rejoinder.db.",
    )
    database_replica_url: str | None = Field(
        default=None,
        description="A PostgreSQL streaming replica for anonymous page reads (ADR 0019).",
    )
    sqlite_synchronous: Literal["NORMAL", "FULL"] = Field(
        default="NORMAL",
        description=(
            "SQLite's `synchronous` in WAL mode: NORMAL survives a killed process, FULL also a"
            " power cut or OS crash (an fsync per commit); docs/configuration.md#durability."
        ),
    )
    secret_key: SecretStr | None = Field(
        default=None,
        description="Signing key; default is generated once into DATA_DIR/secret.key.",
    )
    public_url: str = Field(
        default="http://127.0.0.1:8000", description="Base URL readers use to reach this install."
    )
    max_body_bytes: int = Field(default=64 * 1024, description="Largest accepted request body.")
    page_cache_entries: int = Field(default=2048, description="Serialised pages kept in memory.")
    read_freshness_seconds: float = Field(
        default=1.0,
        ge=0,
        description="How long a process trusts a story's version before asking the database.",
    )
    moderation_mode: Literal["fast", "accurate", "thorough"] = Field(
        default="accurate",
        description="`accurate` adds the transformer on comments the fast model is unsure of.",
    )
    home_story: str | None = Field(
        default=None, description="`site/story` shown as an article page at `/` (the demo sets it)."
    )

    redis_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("REJOINDER_REDIS_URL", "REDIS_URL"),
        description="Redis for rate limits and live updates across app servers; memory when unset.",
    )
    live_keepalive_seconds: float = Field(
        default=15.0, gt=0, description="A comment line on every idle live stream this often."
    )
    live_retry_ms: int = Field(
        default=3000, ge=100, description="How long a browser waits before reconnecting a stream."
    )
    live_stream_seconds: float = Field(
        default=3600.0,
        gt=0,
        description="A live stream ends after this long; the browser reconnects and resumes.",
    )
    live_max_connections: int = Field(
        default=20_000, ge=1, description="Live streams one process holds; beyond, 503."
    )
    trusted_proxies: list[str] = Field(
        default_factory=list,
        description="Proxy addresses/CIDRs whose X-Forwarded-For is believed (SECURITY 29).",
    )
    rate_limits: dict[str, str] = Field(
        default_factory=dict,
        description='Overrides of the default limits, e.g. {"post.ip": "20/60"} (count/seconds).',
    )
    smtp_host: str | None = Field(default=None, description="SMTP server; mail is off when unset.")
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = Field(default=True, description="Upgrade to TLS with STARTTLS.")
    smtp_tls: bool = Field(default=False, description="Implicit TLS (port 465).")
    smtp_timeout_seconds: float = Field(
        default=30.0, gt=0, description="The longest one try at sending a mail may take."
    )
    mail_from: str = Field(default="Rejoinder <no-reply@localhost>", description="From: header.")
    session_days: int = Field(default=30, ge=1, le=365, description="Lifetime of a sign-in.")
    run_worker: bool = Field(
        default=True,
        description="`rejoinder serve` runs a job worker in each process; off: `rejoinder worker`.",
    )
    job_poll_seconds: float = Field(
        default=5.0, gt=0, description="How often an idle worker looks for due jobs anyway."
    )
    job_lease_seconds: float = Field(
        default=60.0,
        gt=0,
        description="A running job's worker holds it this long, renewed while it runs.",
    )
    job_retry_base_seconds: float = Field(
        default=10.0, gt=0, description="Wait before a failed job's first retry (then doubled)."
    )
    job_retry_cap_seconds: float = Field(
        default=3600.0, gt=0, description="The longest wait between two tries of a job."
    )
    # Signed webhooks (docs/webhooks.md, ADR 0021).
    webhook_allow_hosts: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Hosts (comma-separated) webhooks may reach over http or at private addresses.",
    )
    webhook_timeout_seconds: float = Field(
        default=5.0, gt=0, le=60, description="The longest one webhook attempt may take in all."
    )
    webhook_max_response_bytes: int = Field(
        default=64 * 1024, ge=0, description="At most this much of a receiver's answer is read."
    )
    webhook_retry_seconds: list[float] = Field(
        default_factory=lambda: [5.0, 300.0, 1800.0, 7200.0, 18000.0, 36000.0, 36000.0],
        description="Waits before each retry of a failed webhook (its length + 1 attempts).",
    )
    webhook_disable_after_hours: float = Field(
        default=24.0, gt=0, description="An endpoint failing for this long is disabled."
    )
    webhook_rotation_overlap_hours: float = Field(
        default=24.0, ge=0, description="After a secret rotation, the old secret signs this long."
    )
    webhook_sites_cache_seconds: float = Field(
        default=5.0, ge=0, description="How long a process trusts its list of sites with webhooks."
    )
    # Reply notifications by email (docs/notifications.md).
    reply_mails_per_hour: int = Field(
        default=6,
        ge=1,
        le=1000,
        description="Reply notification mails one reader gets an hour at most; the rest wait, "
        "batched into the next mail.",
    )
    reply_sites_cache_seconds: float = Field(
        default=5.0,
        ge=0,
        description="How long a process trusts its list of sites where a reader asked for replies.",
    )
    log_format: Literal["console", "json"] = Field(
        default="console", description="`json`: one JSON object a line (docs/operations.md)."
    )
    # Staff sign-in to the dashboard through the newsroom's OpenID Connect provider (ADR 0012).
    oidc_issuer: str | None = Field(
        default=None,
        description="The provider's issuer URL (exactly as its ID tokens say); OIDC is off unset.",
    )
    oidc_client_id: str | None = Field(default=None, description="Rejoinder's client id there.")
    oidc_client_secret: SecretStr | None = Field(
        default=None, description="Rejoinder's client secret there; unset: a public client."
    )
    oidc_scopes: str = Field(
        default="openid email profile", description="Scopes asked for; must include `openid`."
    )
    oidc_roles_claim: str = Field(
        default="groups", description="The claim whose values the role map translates."
    )
    oidc_role_map: dict[str, str] = Field(
        default_factory=dict,
        description='Claim value -> role: {"night-desk": "moderator:news", "chiefs": "admin"}.',
    )
    oidc_display_name: str | None = Field(
        default=None, description="The provider as staff know it (button label); default its host."
    )

    @field_validator("oidc_issuer")
    @classmethod
    def _check_issuer(cls, issuer: str | None) -> str | None:
        """https, or http to this machine (a provider run for development or tests)."""
        if issuer is None:
            return None
        parts = urlsplit(issuer)
        if parts.scheme == "https" and parts.hostname and not parts.query and not parts.fragment:
            return issuer
        if parts.scheme == "http" and _is_loopback(parts.hostname):
            return issuer
        raise ValueError(f"'{issuer}' is not an https:// issuer URL (without ?query or #fragment).")

    @field_validator("webhook_allow_hosts", mode="before")
    @classmethod
    def _split_hosts(cls, hosts: object) -> object:
        """`a.example, 127.0.0.1` from the environment: comma-separated, not JSON."""
        if isinstance(hosts, str):
            return [h.strip().lower() for h in hosts.split(",") if h.strip()]
        return hosts

    @field_validator("oidc_role_map")
    @classmethod
    def _check_role_map(cls, role_map: dict[str, str]) -> dict[str, str]:
        wrong = [f"'{v}' -> '{role}'" for v, role in role_map.items() if not ROLE.fullmatch(role)]
        if wrong:
            raise ValueError(f"each role is {ROLE_FORMS}; these are not: {', '.join(wrong)}")
        return role_map

    @field_validator("database_replica_url")
    @classmethod
    def _check_replica(cls, url: str | None) -> str | None:
        """PostgreSQL only: SQLite has no replicas (an empty value is no replica)."""
        if not url:
            return None
        if not url.startswith("postgresql"):
            raise ValueError(
                "REJOINDER_DATABASE_REPLICA_URL must be a PostgreSQL URL "
                "(postgresql+asyncpg://...): read replicas are a PostgreSQL feature, "
                "SQLite has none."
            )
        return url

    @model_validator(mode="after")
    def _check_replica_has_primary(self) -> Self:
        if self.database_replica_url and not self.resolved_database_url.startswith("postgresql"):
            raise ValueError(
                "REJOINDER_DATABASE_REPLICA_URL is set: REJOINDER_DATABASE_URL must be the "
                "PostgreSQL primary it replicates."
            )
        return self

    @model_validator(mode="after")
    def _check_oidc(self) -> Self:
        """With an issuer, the rest of what a sign-in needs, so that a gap shows at start-up."""
        if self.oidc_issuer is None:
            return self
        if not self.oidc_client_id:
            raise ValueError("REJOINDER_OIDC_ISSUER is set: set REJOINDER_OIDC_CLIENT_ID too.")
        if "openid" not in self.oidc_scopes.split():
            raise ValueError("REJOINDER_OIDC_SCOPES must include 'openid'.")
        if not self.oidc_role_map:
            raise ValueError(
                "REJOINDER_OIDC_ISSUER is set but REJOINDER_OIDC_ROLE_MAP is empty: "
                "nobody could sign in."
            )
        return self

    @property
    def oidc_provider_name(self) -> str:
        """What the sign-in button and its messages call the provider."""
        return self.oidc_display_name or urlsplit(self.oidc_issuer or "").hostname or "SSO"

    @property
    def secure_cookies(self) -> bool:
        """Cookies carry `Secure` when readers reach the install over HTTPS."""
        return self.public_url.startswith("https://")

    @cached_property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'rejoinder.db').resolve()}"

    def signing_key(self) -> bytes:
        """The per-install secret (SECURITY 15, 34): never shipped, generated on first use."""
        if self.secret_key is not None:
            return self.secret_key.get_secret_value().encode()
        path = self.data_dir / "secret.key"
        if not path.exists():
            import secrets

            self.data_dir.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(48))
            path.chmod(0o600)
        return path.read_text().strip().encode()


def _is_loopback(host: str | None) -> bool:
    if host == "localhost":
        return True
    try:
        return host is not None and ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
