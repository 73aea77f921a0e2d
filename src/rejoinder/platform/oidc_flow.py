"""One staff sign-in between the redirect to the provider and its callback (ADR 0012).

Its secrets (the `state` that ties the callback to this browser, the `nonce` the ID token must
carry, the PKCE `code_verifier`) and where to go afterwards are kept in the browser itself, in a
cookie MACed with the install secret that lasts ten minutes: no table, no server-side session, and
any app server can take the callback. The cookie is readable by its holder, which is harmless: it
is theirs, and it is only of use together with the code the provider gives that browser.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
from dataclasses import asdict, dataclass

from rejoinder.domain.errors import BadRequest

FLOW_SECONDS = 600
_PURPOSE = b"oidc-flow\0"
START_AGAIN = "Please start again from the sign-in page."
NO_FLOW = "No sign-in was started in this browser, or its cookie was blocked. " + START_AGAIN
BAD_FLOW = "This sign-in's cookie is not valid (it was changed or made elsewhere). " + START_AGAIN
EXPIRED_FLOW = "This sign-in took longer than ten minutes. " + START_AGAIN


@dataclass(frozen=True)
class SignInFlow:
    state: str
    nonce: str
    code_verifier: str
    next_path: str
    expires_at: int  # seconds since the epoch


def start_flow(next_path: str, now: float) -> SignInFlow:
    """Fresh random values; a verifier of 64 characters (RFC 7636 asks for 43 to 128)."""
    return SignInFlow(
        state=secrets.token_urlsafe(32),
        nonce=secrets.token_urlsafe(32),
        code_verifier=secrets.token_urlsafe(48),
        next_path=next_path,
        expires_at=int(now) + FLOW_SECONDS,
    )


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(key: bytes, payload: bytes) -> bytes:
    return hmac.new(key, _PURPOSE + payload, hashlib.sha256).digest()


def seal(key: bytes, flow: SignInFlow) -> str:
    payload = json.dumps(asdict(flow), separators=(",", ":")).encode()
    return f"{_b64(payload)}.{_b64(_mac(key, payload))}"


def _payload(key: bytes, sealed: str) -> bytes:
    try:
        payload_text, mac_text = sealed.split(".", 1)
        payload, mac = _unb64(payload_text), _unb64(mac_text)
    except (ValueError, binascii.Error) as error:
        raise BadRequest(BAD_FLOW) from error
    if not hmac.compare_digest(mac, _mac(key, payload)):
        raise BadRequest(BAD_FLOW)
    return payload


def unseal(key: bytes, sealed: str | None, now: float) -> SignInFlow:
    """The flow the cookie holds, or 400 saying why there is none to finish."""
    if not sealed:
        raise BadRequest(NO_FLOW)
    try:  # ours (the MAC proved it), but perhaps made by an older release
        flow = SignInFlow(**json.loads(_payload(key, sealed)))
    except (TypeError, ValueError) as error:
        raise BadRequest(BAD_FLOW) from error
    if flow.expires_at < now:
        raise BadRequest(EXPIRED_FLOW)
    return flow
