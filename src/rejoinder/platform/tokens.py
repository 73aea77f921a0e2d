"""Signed guest edit tokens (SECURITY 12) and identity hashes keyed by the install secret."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

from rejoinder.domain.edit_grants import EditGrant
from rejoinder.domain.errors import Forbidden


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(key: bytes, purpose: str, payload: bytes) -> bytes:
    return hmac.new(key, purpose.encode() + b"\0" + payload, hashlib.sha256).digest()


def sign_edit_grant(key: bytes, grant: EditGrant) -> str:
    payload = json.dumps(
        [grant.comment_id, grant.site_id, grant.version, grant.expires_at]
    ).encode()
    return f"{_b64(payload)}.{_b64(_mac(key, 'edit', payload))}"


def verify_edit_grant(key: bytes, token: str, now: float) -> EditGrant:
    """The grant a token carries, or Forbidden if it is forged, malformed or expired."""
    try:
        payload_text, mac_text = token.split(".", 1)
        payload = _unb64(payload_text)
        signature = _unb64(mac_text)
    except ValueError as error:
        raise Forbidden("This edit token is not valid.") from error
    if not hmac.compare_digest(signature, _mac(key, "edit", payload)):
        raise Forbidden("This edit token is not valid.")
    comment_id, site_id, version, expires_at = json.loads(payload)
    if expires_at < now:
        raise Forbidden("This edit token has expired.")
    return EditGrant(int(comment_id), int(site_id), int(version), int(expires_at))


def identity_hash(key: bytes, kind: str, value: str) -> str:
    """A stable pseudonymous key for an identity (IP, guest): HMAC, never a shipped salt."""
    return _b64(_mac(key, f"identity:{kind}", value.encode()))[:32]


def account_key(key: bytes, account_id: int) -> str:
    """What an account's comments, reactions and reports are recorded under."""
    return identity_hash(key, "account", str(account_id))
