"""Abuse limits: named actions counted per subject (IP, network, account, story, email).

A limit is "count/seconds" per subject kind, e.g. `post.ip` = 10 per 60 s. The counters live in
process memory, or in Redis when configured so that every app server shares them (SECURITY 28).
"""

from __future__ import annotations

import ipaddress
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from rejoinder.domain.errors import TooManyRequests


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> Limit:
        """'20/60' → 20 per 60 seconds."""
        count, _, seconds = text.partition("/")
        if not count.strip().isdigit() or not seconds.strip().isdigit():
            raise ValueError(f"a rate limit is written 'count/seconds', like '20/60', not {text!r}")
        limit = cls(int(count), int(seconds))
        if limit.count < 1 or limit.seconds < 1:
            raise ValueError(f"a rate limit needs a positive count and period, not {text!r}")
        return limit


# action.subject → limit. Networks (/24, /48) allow more than one address: homes and offices share.
DEFAULT_LIMITS: dict[str, Limit] = {
    "post.ip": Limit(10, 60),
    "post.net": Limit(30, 60),
    "post.account": Limit(10, 60),
    "post.story": Limit(600, 60),
    "react.ip": Limit(60, 60),
    "react.net": Limit(180, 60),
    "react.account": Limit(60, 60),
    # Caps against IP rotation: however many addresses, one comment or story gains likes slowly.
    "react.comment": Limit(120, 60),
    "react.story": Limit(1200, 60),
    "report.ip": Limit(10, 600),
    "report.net": Limit(30, 600),
    "report.account": Limit(10, 600),
    "preview.ip": Limit(60, 60),
    "preview.net": Limit(180, 60),
    "counts.ip": Limit(120, 60),
    "counts.net": Limit(360, 60),
    "login.ip": Limit(20, 300),
    "login.net": Limit(60, 300),
    "login.email": Limit(10, 900),
    "register.ip": Limit(5, 3600),
    # Requests that mail a link: counted per address asked for too, whether or not it has an
    # account, so a refusal tells nothing; mail.email caps what is actually sent.
    "reset.ip": Limit(10, 3600),
    "reset.net": Limit(30, 3600),
    "reset.email": Limit(5, 3600),
    "resend.ip": Limit(10, 3600),
    "resend.net": Limit(30, 3600),
    "resend.email": Limit(5, 3600),
    # Attempts, refused ones included: trying name after name is how names are probed.
    "rename.ip": Limit(30, 3600),
    "rename.account": Limit(10, 3600),
    # A publisher's page trades its token for a session on each visit: a reader's address opens
    # many, a forged-token scanner is stopped.
    "sso.ip": Limit(60, 60),
    "sso.net": Limit(180, 60),
    "mail.email": Limit(3, 3600),
}

# What the reader did too often, as in "Too many comments in a short time."
HUMAN_ACTIONS = {
    "post": "comments",
    "react": "reactions",
    "report": "reports",
    "preview": "previews",
    "counts": "count requests",
    "login": "sign-in attempts",
    "register": "sign-ups",
    "reset": "password reset requests",
    "resend": "requests for a confirmation link",
    "rename": "name changes",
    "sso": "sign-ins through the publisher",
    "mail": "emails to this address",
}


SUBJECTS = ("ip", "net", "account", "story", "comment", "email")


def check_limit_name(name: str) -> None:
    """An override must name a known action and subject: a typo must not silently do nothing."""
    action, _, subject = name.partition(".")
    if action not in HUMAN_ACTIONS or subject not in SUBJECTS:
        raise ValueError(
            f"unknown rate limit {name!r}: use action.subject with an action of "
            f"{', '.join(HUMAN_ACTIONS)} and a subject of {', '.join(SUBJECTS)}"
        )


class Counters(Protocol):
    async def incr(self, key: str, window_seconds: int) -> tuple[int, float]:
        """Add one to `key` in its current window: (count so far, seconds until it resets)."""
        ...

    async def aclose(self) -> None: ...


def network_of(ip: str) -> str | None:
    """The /24 of an IPv4 address or the /48 of an IPv6 one (a reader's whole IPv6 prefix)."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # a dual-stack socket's IPv4 reader: their /24, not ::/48
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


class RateLimiter:
    def __init__(self, counters: Counters, overrides: Mapping[str, str] | None = None) -> None:
        self.counters = counters
        self.limits = dict(DEFAULT_LIMITS)
        for name, text in (overrides or {}).items():
            check_limit_name(name)
            self.limits[name] = Limit.parse(text)

    async def hit(self, action: str, **subjects: str | None) -> None:
        """Count one `action` for each subject given: ip=, net=, account=, story=, comment=, email=.

        A subject given as None, or without a limit for this action, is not counted. Subjects are
        counted narrowest first (pass them in that order) and the first one over its limit raises
        TooManyRequests: a refused flooder does not spend the budget of its network or story.
        """
        for kind, value in subjects.items():
            limit = self.limits.get(f"{action}.{kind}")
            if limit is None or value is None:
                continue
            count, reset = await self.counters.incr(f"rl:{action}:{kind}:{value}", limit.seconds)
            if count > limit.count:
                raise _refusal(action, reset)


def _refusal(action: str, reset: float) -> TooManyRequests:
    wait = max(1, math.ceil(reset))
    what = HUMAN_ACTIONS.get(action, action)
    seconds = "1 second" if wait == 1 else f"{wait} seconds"
    return TooManyRequests(
        f"Too many {what} in a short time. Please wait {seconds} and try again.", retry_after=wait
    )
