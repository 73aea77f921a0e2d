"""Per-site settings: one typed model, stored as JSON on the site."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from rejoinder.domain.sso import SsoSettingsJson


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
    moderation: dict[str, Any] = Field(
        default_factory=dict, description="Moderation pipeline settings; see docs/moderation.md."
    )
