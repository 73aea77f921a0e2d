"""Per-site settings: one typed model, stored as JSON on the site."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from rejoinder.domain import dsa
from rejoinder.domain.accounts import clean_email
from rejoinder.domain.errors import Invalid
from rejoinder.domain.languages import Language
from rejoinder.domain.sso import SsoSettingsJson


class DsaSettings(BaseModel):
    """EU Digital Services Act: what statements of reasons and notice mail say
    (docs/moderators.md)."""

    model_config = ConfigDict(extra="forbid")

    redress_url: str | None = Field(
        default=None, max_length=500, description="Where a decision can be contested (Art. 20)."
    )
    contact_email: str | None = Field(
        default=None, max_length=320, description="The address for complaints about decisions."
    )
    language: Language = Field(
        default="en",
        description="The site's language: its comments', its no-JS page's and its mail's by "
        "default (en, ja, de, fr, es, ar; docs/languages.md).",
    )
    territorial_scope: list[str] = Field(
        default_factory=lambda: sorted(dsa.EEA_COUNTRIES),
        min_length=1,
        description="Where a removal applies (EU/EEA country codes); the whole EEA by default.",
    )

    @field_validator("redress_url")
    @classmethod
    def _web_url(cls, value: str | None) -> str | None:
        if value is not None and not dsa.is_web_url(value):
            raise ValueError("must be an http(s) URL")
        return value

    @field_validator("contact_email")
    @classmethod
    def _address(cls, value: str | None) -> str | None:
        try:
            return clean_email(value) if value is not None else None
        except Invalid as error:
            raise ValueError("is not a valid email address") from error

    @field_validator("territorial_scope")
    @classmethod
    def _countries(cls, value: list[str]) -> list[str]:
        unknown = [code for code in value if code not in dsa.EEA_COUNTRIES]
        if unknown:
            raise ValueError(f"not EU/EEA country codes: {', '.join(unknown)}")
        return sorted(set(value))


class SiteSettings(BaseModel):
    """What a publisher can set per site; unknown keys are refused rather than ignored."""

    model_config = ConfigDict(extra="forbid")

    allow_guests: bool = Field(default=True, description="Guests may comment with a name.")
    edit_window_seconds: int = Field(default=900, ge=0, le=86_400)
    delete_window_seconds: int = Field(default=30 * 86_400, ge=0)
    reactions_enabled: bool = True
    close_after_days: int | None = Field(default=None, ge=1)
    allow_accounts: bool = Field(
        default=True, description="Readers may sign up and sign in with a Rejoinder account."
    )
    account_deletion: Literal["tombstone", "anonymise"] = Field(
        default="tombstone",
        description="When a reader deletes their account, their comments become tombstones "
        "(text removed) or stay with the author shown as 'deleted account'.",
    )
    hold_new_sso_accounts: bool = Field(
        default=False,
        description="Hold the first comments of readers the site's single sign-on signed in, "
        "like any new account (moderation.new_account_seconds). Off: they are the publisher's "
        "own readers.",
    )
    sso: SsoSettingsJson = Field(
        default=None, description="Publisher single sign-on; see docs/sso.md. Off when unset."
    )
    dsa: DsaSettings = Field(
        default_factory=DsaSettings, description="EU Digital Services Act: redress, language."
    )
    moderation: dict[str, Any] = Field(
        default_factory=dict, description="Moderation pipeline settings; see docs/moderation.md."
    )
    queue_alert_pending: int | None = Field(
        default=None,
        ge=1,
        le=1_000_000,
        description="Mail the site's moderators when this many comments are held for review "
        "(at most once an hour per queue; see docs/notifications.md). Unset: no alert.",
    )
    queue_alert_reported: int | None = Field(
        default=None,
        ge=1,
        le=1_000_000,
        description="Mail the site's moderators when this many reported comments wait for "
        "review. Unset: no alert.",
    )
    digest_mail: bool = Field(
        default=False,
        description="Mail the site's weekly digest (its most discussed stories) to its "
        "moderators and the install's admins, Mondays at 07:00 UTC; see docs/insight.md.",
    )
    mail_from: str | None = Field(
        default=None,
        max_length=320,
        description="The sender of this site's reply notification mail, e.g. "
        "'News Comments <comments@news.example>'; unset: the install's REJOINDER_MAIL_FROM.",
    )

    @field_validator("mail_from")
    @classmethod
    def _one_header_line(cls, value: str | None) -> str | None:
        if value is not None and ("\r" in value or "\n" in value):
            raise ValueError("mail_from cannot contain line breaks")
        return (value.strip() or None) if value is not None else None
