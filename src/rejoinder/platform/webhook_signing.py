"""Standard Webhooks signatures, made by the `standardwebhooks` package (ADR 0021).

`webhook-signature` is `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`; while a rotated
secret's overlap lasts, the message is signed with each secret and the signatures are sent
together, space-separated, so a receiver holding either one verifies it.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Sequence
from datetime import datetime

from standardwebhooks.webhooks import Webhook

from rejoinder.domain.webhooks import MESSAGE_PREFIX, SECRET_PREFIX

SECRET_BYTES = 32
USER_AGENT = "Rejoinder-Webhooks/1"


def new_secret() -> str:
    """A fresh `whsec_<base64>` secret, as receivers pass it to `Webhook(secret)`."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def new_message_id() -> str:
    """The `webhook-id` of one message: the same on every retry, for receivers to deduplicate."""
    return MESSAGE_PREFIX + secrets.token_hex(12)


def signed_headers(
    message_id: str, at: datetime, body: str, with_secrets: Sequence[str]
) -> dict[str, str]:
    """The headers of one attempt at `body`, signed at `at` with each of `with_secrets`."""
    signatures = " ".join(Webhook(s).sign(message_id, at, body) for s in with_secrets)
    return {
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        "webhook-id": message_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": signatures,
    }
