"""An optional external scorer over HMAC-signed HTTP, failing open to a per-site action.

Request: POST JSON {"text", "author_key", "is_edit"} with headers
X-Rejoinder-Timestamp and X-Rejoinder-Signature = "sha256=" + hex(HMAC(secret, f"{ts}.{body}")).
Response: JSON {"action": "publish"|"hold"|"reject", "message": str (optional)}.
"""

from __future__ import annotations

import hashlib
import hmac
import json

import httpx

from rejoinder.domain.moderation import (
    NO_OBJECTION,
    CommentFacts,
    PhaseResult,
    Reason,
    ScoreSource,
)
from rejoinder.moderation.registry import register_phase
from rejoinder.moderation.settings import ModerationSettings

ACTIONS = ("publish", "hold", "reject")


def sign(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


@register_phase("external")
class ExternalPhase:
    name = "external"

    def __init__(self, settings: ModerationSettings) -> None:
        self.settings = settings

    async def run(self, facts: CommentFacts, model: ScoreSource) -> PhaseResult:
        body = json.dumps(
            {"text": facts.text, "author_key": facts.author_key, "is_edit": facts.is_edit}
        ).encode()
        timestamp = str(int(facts.now))
        headers = {
            "content-type": "application/json",
            "x-rejoinder-timestamp": timestamp,
            "x-rejoinder-signature": sign(self.settings.external_secret, timestamp, body),
        }
        try:
            async with httpx.AsyncClient(timeout=self.settings.external_timeout_seconds) as client:
                response = await client.post(
                    str(self.settings.external_url), content=body, headers=headers
                )
                response.raise_for_status()
                answer = response.json()
        except (httpx.HTTPError, ValueError) as error:
            return self._fail_open(type(error).__name__)
        return self._interpret(answer)

    def _interpret(self, answer: object) -> PhaseResult:
        if not isinstance(answer, dict) or answer.get("action") not in ACTIONS:
            return self._fail_open("bad_response")
        if answer["action"] == "publish":
            return NO_OBJECTION
        message = str(answer.get("message") or "The external scorer objected.")
        return PhaseResult(
            answer["action"], (self._reason("external_" + answer["action"], message),)
        )

    def _fail_open(self, error: str) -> PhaseResult:
        action = self.settings.external_fail_action
        reason = self._reason(
            "external_unavailable",
            f"The external scorer failed ({error}); the site's setting is to {action}.",
        )
        return PhaseResult(action if action == "hold" else None, (reason,))

    def _reason(self, code: str, message: str) -> Reason:
        return Reason(self.name, code, message, {})
