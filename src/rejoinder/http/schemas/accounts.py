"""Account shapes: sign-up, sign-in, the reader's own account, their data export."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from rejoinder.domain.accounts import MAX_EMAIL_CHARS
from rejoinder.domain.languages import Language
from rejoinder.http.schemas import Strict

# Generous outer bounds: the services give the precise rules with readable messages.
_EMAIL = Field(max_length=MAX_EMAIL_CHARS + 66, description="An email address.")
_PASSWORD = Field(max_length=1000, description="10 to 200 characters.")
_NAME = Field(max_length=200, description="3 to 40 letters, digits, spaces, `.`, `_` or `-`.")
_KEY = Field(max_length=200, description="The key from the link in the mail.")


class RegisterIn(Strict):
    email: str = _EMAIL
    password: str = _PASSWORD
    display_name: str = _NAME
    language: Language | None = Field(
        default=None,
        description="The language of the account's mail (else the browser's Accept-Language, "
        "else English).",
    )


class EmailIn(Strict):
    email: str = _EMAIL


class KeyIn(Strict):
    token: str = _KEY


class LoginIn(Strict):
    email: str = _EMAIL
    password: str = _PASSWORD


class ResetConfirmIn(Strict):
    token: str = _KEY
    password: str = _PASSWORD


class RenameIn(Strict):
    display_name: str = _NAME


class DeleteAccountIn(Strict):
    password: str | None = Field(
        default=None, max_length=1000, description="Required for accounts with a password."
    )


class AcceptedOut(BaseModel):
    status: Literal["accepted"] = "accepted"
    message: str


class DoneOut(BaseModel):
    status: Literal["done"] = "done"
    message: str


class AccountOut(BaseModel):
    id: int
    display_name: str


class LoginOut(BaseModel):
    account: AccountOut
    token: str = Field(description="Bearer token: `Authorization: Bearer <token>`.")
    csrf_token: str = Field(description="Send as X-CSRF-Token with cookie-authenticated writes.")
    expires_in: int = Field(description="Seconds until the session ends.")


class MeOut(BaseModel):
    id: int
    display_name: str
    email: str | None = Field(description="Shown to its owner only, never in public answers.")
    email_verified: bool
    has_password: bool
    role: str
    created_at: datetime
    name_changed_at: datetime | None
    name_change_allowed_after: datetime | None = Field(
        description="The display name can change again after this time; null: now."
    )
    csrf_token: str | None = Field(
        default=None,
        description="For a cookie session: the X-CSRF-Token its writes need (a page that was "
        "reloaded gets it back here; other origins cannot read this answer).",
    )


class ExportAccountOut(BaseModel):
    id: int
    display_name: str
    email: str | None
    email_verified_at: datetime | None
    has_password: bool
    role: str
    created_at: datetime
    name_changed_at: datetime | None


class ExportStoryOut(BaseModel):
    key: str
    url: str
    title: str


class ExportCommentOut(BaseModel):
    id: int
    site: str
    story: ExportStoryOut
    parent_id: int | None
    body: str = Field(description="The markdown as written.")
    body_html: str
    status: str
    created_at: datetime
    edited_at: datetime | None
    like_count: int
    reply_count: int


class ExportSessionOut(BaseModel):
    created_at: datetime
    expires_at: datetime
    site_id: int | None


class ExportReactionOut(BaseModel):
    comment_id: int
    kind: str
    created_at: datetime


class ExportReportOut(BaseModel):
    comment_id: int
    reason: str
    detail: str
    created_at: datetime


class ExportMuteOut(BaseModel):
    account_id: int
    display_name: str
    created_at: datetime


class ExportSsoIdentityOut(BaseModel):
    site: str
    external_id: str
    created_at: datetime


class ExportInboxItemOut(BaseModel):
    site: str
    kind: str
    comment_id: int
    cause_id: int | None
    reason: str | None
    created_at: datetime
    read_at: datetime | None


class ExportOut(BaseModel):
    exported_at: datetime
    account: ExportAccountOut
    comments: list[ExportCommentOut]
    sessions: list[ExportSessionOut]
    reactions: list[ExportReactionOut]
    reports: list[ExportReportOut]
    mutes: list[ExportMuteOut]
    sso_identities: list[ExportSsoIdentityOut]
    inbox: list[ExportInboxItemOut] = Field(
        default_factory=list, description="Your notifications (the widget's bell), every site."
    )
