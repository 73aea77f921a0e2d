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
    "report.ip": Limit(10, 600),
    "report.net": Limit(30, 600),
    "report.account": Limit(10, 600),
    "preview.ip": Limit(60, 60),
    "counts.ip": Limit(120, 60),
    "login.ip": Limit(20, 300),
    "login.net": Limit(60, 300),
    "login.email": Limit(10, 900),
    "register.ip": Limit(5, 3600),
    "mail.email": Limit(3, 3600),
}

HUMAN_ACTIONS = {
    "post": "posting comments",
    "react": "reacting",
    "report": "reporting",
    "preview": "previews",
    "counts": "count requests",
    "login": "sign-in attempts",
    "register": "sign-ups",
    "mail": "mail to this address",
}


class Counters(Protocol):
    async def incr(self, key: str, window_seconds: int) -> tuple[int, float]:
        """Add one to `key` in its current window: (count so far, seconds until it resets)."""
        ...


def network_of(ip: str) -> str | None:
    """The /24 of an IPv4 address or the /48 of an IPv6 one (a reader's whole IPv6 prefix)."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return None
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


class RateLimiter:
    def __init__(self, counters: Counters, overrides: Mapping[str, str] | None = None) -> None:
        self.counters = counters
        self.limits = dict(DEFAULT_LIMITS)
        for name, text in (overrides or {}).items():
            self.limits[name] = Limit.parse(text)

    async def hit(self, action: str, **subjects: str | None) -> None:
        """Count one `action` for each subject given (ip=, net=, account=, story=, email=).

        Raises TooManyRequests with the longest wait when any subject is over its limit.
        """
        waits = []
        for kind, value in subjects.items():
            limit = self.limits.get(f"{action}.{kind}")
            if limit is None or value is None:
                continue
            count, reset = await self.counters.incr(f"rl:{action}:{kind}:{value}", limit.seconds)
            if count > limit.count:
                waits.append(reset)
        if waits:
            wait = math.ceil(max(waits))
            what = HUMAN_ACTIONS.get(action, action)
            raise TooManyRequests(
                f"Too many {what} in a short time. Please wait {wait} seconds and try again.",
                retry_after=wait,
            )
