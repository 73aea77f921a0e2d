"""Rules for what readers type when they sign up: email, password, display name (pure)."""

from __future__ import annotations

import string
import unicodedata
from datetime import timedelta

from rejoinder.domain.errors import Invalid
from rejoinder.domain.names import check_shown_name, has_invisible

MIN_PASSWORD_CHARS = 10
MAX_PASSWORD_CHARS = 200
MIN_NAME_CHARS = 3
MAX_NAME_CHARS = 40
MAX_EMAIL_CHARS = 254
NAME_COOLDOWN = timedelta(days=30)
DELETED_ACCOUNT_NAME = "deleted account"

_NAME_PUNCTUATION = frozenset(" ._-")
# Characters that would let one address field become several (or a header) when mailed.
_LOCAL_CHARS = frozenset(string.ascii_letters + string.digits + "!#$%&'*+-/=?^_`{|}~.")
_DOMAIN_CHARS = frozenset(string.ascii_lowercase + string.digits + "-.")


def clean_email(email: str) -> str:
    """Lower-cased and checked; plain ASCII addresses only, so no header can be smuggled in."""
    address = email.strip().lower()
    local, at, domain = address.rpartition("@")
    if not at or not local or len(address) > MAX_EMAIL_CHARS or len(local) > 64:
        raise Invalid("Please give a valid email address.")
    if not set(local) <= _LOCAL_CHARS or not set(domain) <= _DOMAIN_CHARS:
        raise Invalid("Please give a valid email address.")
    labels = domain.split(".")
    if len(labels) < 2 or any(not label or label.startswith("-") for label in labels):
        raise Invalid("Please give a valid email address.")
    return address


def clean_display_name(name: str, *, by_operator: bool = False) -> str:
    """3 to 40 letters, digits, spaces and `._-`; no space at either end, none doubled; nothing
    invisible, and nothing that reads as staff or as the install (domain/names.py) unless the
    operator chose it (`rejoinder user create` names the staff: "night-desk-admin")."""
    cleaned = unicodedata.normalize("NFC", name)
    if not MIN_NAME_CHARS <= len(cleaned) <= MAX_NAME_CHARS:
        raise Invalid(
            f"A display name has {MIN_NAME_CHARS} to {MAX_NAME_CHARS} characters "
            f"(this one has {len(cleaned)})."
        )
    if any(not (ch.isalnum() or ch in _NAME_PUNCTUATION) for ch in cleaned):
        raise Invalid("A display name may use letters, digits, spaces, dots, dashes and '_'.")
    if cleaned != cleaned.strip(" ") or "  " in cleaned:
        raise Invalid("A display name cannot start or end with a space, or hold two in a row.")
    if all(ch in _NAME_PUNCTUATION for ch in cleaned):
        raise Invalid("A display name needs at least one letter or digit.")
    if has_invisible(cleaned):  # U+3164 is a letter to isalnum(), yet shows nothing
        raise Invalid("A display name cannot contain invisible characters.")
    if not by_operator:
        check_shown_name(cleaned, for_account=True)
    return cleaned


def check_password(password: str, email: str, display_name: str) -> None:
    if not MIN_PASSWORD_CHARS <= len(password) <= MAX_PASSWORD_CHARS:
        raise Invalid(f"A password has {MIN_PASSWORD_CHARS} to {MAX_PASSWORD_CHARS} characters.")
    if not password.strip():
        raise Invalid("A password cannot be only spaces.")
    lowered = password.strip().casefold()
    if lowered in (email.casefold(), display_name.casefold()):
        raise Invalid("A password cannot be your email address or your display name.")
