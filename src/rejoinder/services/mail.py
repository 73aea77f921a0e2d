"""Outgoing mail: plain text, composed here, sent only once the transaction has committed.

SECURITY 19: nothing goes to an address whose owner has not confirmed it, except the mail that
asks them to confirm it. SECURITY 20: links are built from PUBLIC_URL, never from request headers.
SECURITY 21: header values with CR or LF are refused; bodies are plain text.

Mail goes out from durable jobs (services/jobs.py), never from a request: a slow or broken SMTP
server neither fails nor delays one. A failed send raises, so its job is tried again with backoff;
the failure is logged without the address or the key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Protocol
from urllib.parse import urlencode, urlsplit

from rejoinder.config import Settings
from rejoinder.domain.errors import Forbidden, Invalid
from rejoinder.domain.interfaces import MailTransport
from rejoinder.services import worker


class MailRecipient(Protocol):
    @property
    def email(self) -> str | None: ...
    @property
    def email_verified_at(self) -> datetime | None: ...


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str
    # Notification mail only (services/reply_mail.py): an HTML alternative built with every
    # field escaped, extra headers (List-Unsubscribe), and the site's own sender.
    html: str | None = None
    headers: tuple[tuple[str, str], ...] = ()
    sender: str | None = None


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
    message["From"] = header_value(mail.sender or settings.mail_from)
    message["To"] = header_value(mail.to)
    message["Subject"] = header_value(mail.subject)
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(domain=urlsplit(settings.public_url).hostname or None)
    message["Auto-Submitted"] = "auto-generated"  # no vacation replies to a no-reply sender
    for name, value in mail.headers:
        message[name] = header_value(value)
    message.set_content(mail.body)  # text/plain; charset=utf-8
    if mail.html is not None:
        message.add_alternative(mail.html, subtype="html")  # multipart/alternative
    return message


def for_unconfirmed(to: str, subject: str, body: str) -> Mail:
    """Only the mail that asks the owner to confirm an address goes to one not confirmed yet
    (SECURITY 19): its callers are the confirmation mails, nothing else."""
    return Mail(header_value(to), header_value(subject), body)


def for_confirmed(account: MailRecipient, subject: str, body: str) -> Mail:
    """A mail to an account's confirmed address; Forbidden if it is not confirmed."""
    if account.email is None or account.email_verified_at is None:
        raise Forbidden("Mail is only sent to confirmed addresses.")
    return Mail(header_value(account.email), header_value(subject), body)


async def deliver(transport: MailTransport, settings: Settings, mail: Mail) -> None:
    """Hand `mail` to the transport (SMTP, or nowhere when mail is off); raises when it cannot
    (its job is retried)."""
    await transport.send(build_message(settings, mail, datetime.now(UTC)))


async def drain() -> None:
    """Run the jobs that are due in this process, mail among them (tests; a command's end)."""
    await worker.drain_all()
