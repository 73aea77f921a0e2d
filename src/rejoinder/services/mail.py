"""Outgoing mail: plain text over SMTP, sent only once the transaction has committed.

SECURITY 19: nothing goes to an address whose owner has not confirmed it, except the mail that
asks them to confirm it. SECURITY 20: links are built from PUBLIC_URL, never from request headers.
SECURITY 21: header values with CR or LF are refused; bodies are plain text.

Delivery runs in a background task after the commit, so a slow or broken SMTP server never fails
or delays the request: the account is created all the same, the failure is logged (without the
address or the key), and the reader can ask for a new link.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from urllib.parse import urlencode, urlsplit

import aiosmtplib
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.config import Settings
from rejoinder.domain.errors import Forbidden, Invalid
from rejoinder.services import background
from rejoinder.services.after_commit import after_commit
from rejoinder.services.runtime import Runtime

log = logging.getLogger(__name__)

SEND_TIMEOUT_SECONDS = 30.0


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str


def header_value(value: str) -> str:
    """A header value that cannot start another header (SECURITY 21)."""
    if "\r" in value or "\n" in value:
        raise Invalid("Mail headers cannot contain line breaks.")
    return value


def link(settings: Settings, path: str, **params: str) -> str:
    """An absolute link for a mail: only the configured public base URL (SECURITY 20)."""
    return f"{settings.public_url.rstrip('/')}{path}?{urlencode(params)}"


def build_message(settings: Settings, mail: Mail, now: datetime) -> EmailMessage:
    message = EmailMessage()
    message["From"] = header_value(settings.mail_from)
    message["To"] = header_value(mail.to)
    message["Subject"] = header_value(mail.subject)
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(domain=urlsplit(settings.public_url).hostname or None)
    message["Auto-Submitted"] = "auto-generated"  # no vacation replies to a no-reply sender
    message.set_content(mail.body)  # text/plain; charset=utf-8
    return message


def send_after_commit(
    session: AsyncSession, rt: Runtime, mail: Mail, *, verified: bool, verification: bool = False
) -> None:
    """Queue `mail` for delivery once `session` commits (dropped on rollback).

    `verified` says the recipient has confirmed the address; only the verification mail itself
    may go to an address that is not confirmed yet (SECURITY 19).
    """
    if not verified and not verification:
        raise Forbidden("Mail is only sent to confirmed addresses.")
    message = build_message(rt.settings, mail, rt.now())
    settings = rt.settings
    after_commit(session, lambda: _start(settings, message))


def _start(settings: Settings, message: EmailMessage) -> None:
    background.start(_deliver(settings, message), "Mail delivery")


async def _deliver(settings: Settings, message: EmailMessage) -> None:
    subject = message["Subject"]
    if settings.smtp_host is None:
        log.warning("Mail is off (REJOINDER_SMTP_HOST is unset): %r was not sent.", subject)
        return
    password = settings.smtp_password.get_secret_value() if settings.smtp_password else None
    try:
        await aiosmtplib.send(
            message,
            hostname=settings.smtp_host,
            port=settings.smtp_port,
            username=settings.smtp_username,
            password=password,
            start_tls=settings.smtp_starttls and not settings.smtp_tls,
            use_tls=settings.smtp_tls,
            timeout=SEND_TIMEOUT_SECONDS,
        )
    except (aiosmtplib.SMTPException, OSError) as error:
        # Neither the address nor the link is logged: the link is a key (SECURITY 34).
        log.warning("Mail %r could not be delivered: %s", subject, type(error).__name__)


async def drain() -> None:
    """Wait for the mail this event loop is delivering, and for the work that will queue more
    (tests; a graceful shutdown)."""
    await background.drain()
