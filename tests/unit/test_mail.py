"""Mail building: no header injection, links only from PUBLIC_URL, only confirmed recipients
(SECURITY 19-21)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from typing import TypedDict, Unpack

import pytest

from rejoinder.config import Settings
from rejoinder.domain.errors import Forbidden, Invalid
from rejoinder.platform import mail_transport
from rejoinder.platform.mail_transport import NullTransport
from rejoinder.services.mail import (
    Mail,
    build_message,
    deliver,
    for_confirmed,
    for_unconfirmed,
    link,
)

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


class _Overrides(TypedDict, total=False):
    mail_from: str


def _settings(**values: Unpack[_Overrides]) -> Settings:
    return Settings(secret_key="k", public_url="https://comments.example/", **values)


@pytest.mark.parametrize("evil", ["\r\nBcc: x@evil.example", "\nBcc: x@evil.example", "a\rb"])
@pytest.mark.parametrize("field", ["to", "subject"])
def test_line_breaks_in_header_values_are_refused(field: str, evil: str) -> None:
    fields = {"to": "ann@example.org", "subject": "Hello", "body": "Hi"}
    fields[field] += evil
    with pytest.raises(Invalid, match="line breaks"):
        build_message(_settings(), Mail(fields["to"], fields["subject"], fields["body"]), NOW)


def test_a_configured_sender_with_a_line_break_is_refused() -> None:
    settings = _settings(mail_from="Comments <a@example.org>\r\nBcc: x@evil.example")
    with pytest.raises(Invalid):
        build_message(settings, Mail("ann@example.org", "Hello", "Hi"), NOW)


def test_messages_are_plain_text_with_the_configured_sender() -> None:
    message = build_message(_settings(), Mail("ann@example.org", "Hello", "<b>Hi</b>"), NOW)
    assert message.get_content_type() == "text/plain"
    assert message["To"] == "ann@example.org"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Message-ID"].endswith("@comments.example>")
    assert "<b>Hi</b>" in message.get_content()  # text, never rendered


def test_links_use_the_public_url_and_encode_their_parameters() -> None:
    made = link(_settings(), "/account/verify", token="rjm_a+b&c=d")
    assert made == "https://comments.example/account/verify?token=rjm_a%2Bb%26c%3Dd"


@dataclass(frozen=True)
class _Recipient:
    email: str | None
    email_verified_at: datetime | None


def test_only_the_verification_mail_may_go_to_an_unconfirmed_address() -> None:
    with pytest.raises(Forbidden):
        for_confirmed(_Recipient("ann@example.org", None), "Hello", "Hi")
    with pytest.raises(Forbidden):
        for_confirmed(_Recipient(None, NOW), "Hello", "Hi")
    assert for_confirmed(_Recipient("ann@example.org", NOW), "Hello", "Hi").to == "ann@example.org"
    assert for_unconfirmed("ann@example.org", "Confirm", "Hi").to == "ann@example.org"


def test_line_breaks_are_refused_when_a_mail_is_made() -> None:
    with pytest.raises(Invalid, match="line breaks"):
        for_unconfirmed("ann@example.org\r\nBcc: x@evil.example", "Confirm", "Hi")
    with pytest.raises(Invalid, match="line breaks"):
        for_confirmed(_Recipient("ann@example.org", NOW), "Hi\nBcc: x@evil.example", "Hi")


class _Sent:
    """A transport that keeps what it is handed."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def send(self, message: EmailMessage) -> None:
        self.messages.append(message)


async def test_delivery_hands_the_built_message_to_the_transport() -> None:
    sent = _Sent()
    await deliver(sent, _settings(), Mail("ann@example.org", "Hello", "Hi"))
    [message] = sent.messages
    assert message["To"] == "ann@example.org" and message["Subject"] == "Hello"


async def test_with_mail_off_the_subject_is_logged_and_nothing_sent(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    # lint-imports (test_import_contract.py) runs dictConfig, which disables existing loggers.
    monkeypatch.setattr(mail_transport.log, "disabled", False)
    caplog.set_level(logging.WARNING)
    await deliver(NullTransport(), _settings(), Mail("ann@example.org", "Hello", "Hi"))
    assert "Mail is off (REJOINDER_SMTP_HOST is unset): 'Hello' was not sent." in caplog.text
    assert "ann@" not in caplog.text
