"""The client's address: X-Forwarded-For is believed only from configured proxies (SECURITY 29)."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=64)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(proxy.strip(), strict=False) for proxy in proxies)


def _is_trusted(address: str, networks: Iterable[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(peer: str, forwarded_for: str | None, trusted_proxies: tuple[str, ...]) -> str:
    """Walk X-Forwarded-For from the right, past trusted proxies: the first other hop is the client.

    A header from an untrusted peer is ignored whole, so a reader cannot pick their own address.
    """
    networks = _networks(trusted_proxies)
    if not forwarded_for or not _is_trusted(peer, networks):
        return peer
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, networks):
            return _valid_or(hop, peer)
    return _valid_or(hops[0], peer) if hops else peer


def _valid_or(candidate: str, fallback: str) -> str:
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return fallback
