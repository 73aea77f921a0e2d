"""Handing a composed mail on: to the SMTP server of the settings, or nowhere when mail is off.

Both satisfy `domain.interfaces.MailTransport`; `services/wiring.build_runtime` picks one. A
failed send raises (the mail's job is retried with backoff, services/mail.py).
"""

from __future__ import annotations

import logging
from email.message import EmailMessage

import aiosmtplib

from rejoinder.config import Settings

log = logging.getLogger(__name__)

SEND_TIMEOUT_SECONDS = 30.0


class SmtpTransport:
    """Plain SMTP, with STARTTLS or implicit TLS as configured (REJOINDER_SMTP_*)."""

    def __init__(self, settings: Settings) -> None:
        if settings.smtp_host is None:
            raise ValueError(
                "SmtpTransport needs REJOINDER_SMTP_HOST; without it use NullTransport"
            )
        self._settings = settings
        self._host = settings.smtp_host

    async def send(self, message: EmailMessage) -> None:
        settings = self._settings
        password = settings.smtp_password.get_secret_value() if settings.smtp_password else None
        await aiosmtplib.send(
            message,
            hostname=self._host,
            port=settings.smtp_port,
            username=settings.smtp_username,
            password=password,
            start_tls=settings.smtp_starttls and not settings.smtp_tls,
            use_tls=settings.smtp_tls,
            timeout=SEND_TIMEOUT_SECONDS,
        )


class NullTransport:
    """Mail is off (REJOINDER_SMTP_HOST is unset): each mail is dropped with a warning."""

    async def send(self, message: EmailMessage) -> None:
        subject = message["Subject"]
        log.warning("Mail is off (REJOINDER_SMTP_HOST is unset): %r was not sent.", subject)
