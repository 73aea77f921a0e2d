"""Handing a composed mail on: to the SMTP server of the settings, or nowhere when mail is off.

Both satisfy `domain.interfaces.MailTransport`; `services/wiring.build_runtime` picks one. A
failed send raises (the mail's job is retried with backoff, services/mail.py).

A try takes at most REJOINDER_SMTP_TIMEOUT_SECONDS, whatever the SMTP server does: aiosmtplib's
own timeout bounds each command, so a server answering every one just in time (greeting, EHLO,
MAIL, RCPT, DATA, the message, QUIT) could otherwise hold the worker seven times as long.
"""

from __future__ import annotations

import asyncio
import logging
from email.message import EmailMessage

import aiosmtplib

from rejoinder.config import Settings

log = logging.getLogger(__name__)


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
        timeout = settings.smtp_timeout_seconds
        client = aiosmtplib.SMTP(
            hostname=self._host,
            port=settings.smtp_port,
            username=settings.smtp_username,
            password=password,
            start_tls=settings.smtp_starttls and not settings.smtp_tls,
            use_tls=settings.smtp_tls,
            timeout=timeout,  # each command's
        )
        sent = False
        try:
            # The whole try. Not `aiosmtplib.send`: cut short, it says QUIT and waits for the
            # answer, up to another `timeout`.
            async with asyncio.timeout(timeout):
                await client.connect()
                await client.send_message(message)
                sent = True
                await client.quit()
        except (aiosmtplib.SMTPException, OSError) as error:  # TimeoutError is an OSError
            if sent:  # accepted: a QUIT unanswered changes nothing (a retry would mail twice)
                return
            if isinstance(error, aiosmtplib.SMTPException):
                raise
            if isinstance(error, TimeoutError):
                raise aiosmtplib.SMTPTimeoutError(
                    f"The SMTP server did not take the mail within {timeout:g} s."
                ) from error
            raise
        finally:
            client.close()


class NullTransport:
    """Mail is off (REJOINDER_SMTP_HOST is unset): each mail is dropped with a warning."""

    async def send(self, message: EmailMessage) -> None:
        subject = message["Subject"]
        log.warning("Mail is off (REJOINDER_SMTP_HOST is unset): %r was not sent.", subject)
