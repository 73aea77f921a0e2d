"""Counting named actions per subject (IP, network, account, story, email) against limits.

The limits themselves are the product's (`domain/rate_limits.py`); the counters live in process
memory, or in Redis when configured so that every app server shares them (SECURITY 28).
"""

from __future__ import annotations

import ipaddress
import math
from collections.abc import Mapping

from rejoinder.domain.errors import TooManyRequests
from rejoinder.domain.interfaces import Counters
from rejoinder.domain.rate_limits import DEFAULT_LIMITS, HUMAN_ACTIONS, Limit, check_limit_name


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


def reader_network(ip: str) -> str:
    """What identifies a reader without an account: an IPv4 address, or an IPv6 address's /64.

    An IPv6 host picks new addresses within its /64 at will (privacy addresses, RFC 8981), so the
    /64 is the household or the device; keyed by the full address, a guest could shed a ban or
    like a comment again by changing address.
    """
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)
    if address.version == 4:
        return str(address)
    return str(ipaddress.ip_network(f"{address}/64", strict=False))


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
