"""Where webhooks may go (SECURITY 23): https to public addresses, unless the operator allows a
host by name in REJOINDER_WEBHOOK_ALLOW_HOSTS (then http and any address are fine for it).

A URL is checked when an endpoint is added (its form) and again at every send, after its name
is resolved: every address the name resolves to must be public, and the sender dials the one
it checked (`Target.address`), so a second DNS answer can never point it elsewhere.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

from rejoinder.domain.webhooks import UnsafeTarget

MAX_URL_CHARS = 2000
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_CGNAT = ipaddress.ip_network("100.64.0.0/10")  # shared address space, RFC 6598
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_LOCAL_NAMES = ("localhost", ".localhost", ".local", ".internal")


@dataclass(frozen=True)
class Target:
    """A checked URL and the address to dial for it."""

    host: str
    port: int
    address: str


def _embedded_v4(address: ipaddress.IPv6Address) -> bool:
    return (
        address.ipv4_mapped is not None
        or address.sixtofour is not None
        or address.teredo is not None
        or address in _NAT64
    )


def address_refusal(address: IPAddress) -> str | None:
    """Why webhooks may not go to `address`, or None when it is a public unicast address."""
    if isinstance(address, ipaddress.IPv6Address) and _embedded_v4(address):
        return "an IPv6 address that carries an IPv4 one (IPv4-mapped, 6to4, Teredo or NAT64)"
    for refused, what in (
        (address.is_unspecified, "the unspecified address"),
        (address.is_loopback, "a loopback address"),
        (address.is_link_local, "a link-local address"),
        (address.is_multicast, "a multicast address"),
        (isinstance(address, ipaddress.IPv4Address) and address in _CGNAT, "a CGNAT address"),
        (address.is_reserved, "a reserved address"),
        (address.is_private, "a private address"),
        (not address.is_global, "not a public address"),
    ):
        if refused:
            return what
    return None


def _literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


class Guard:
    """The policy, with the operator's allowed hosts (lower-case names or address literals)."""

    def __init__(self, allow_hosts: Iterable[str] = ()) -> None:
        self.allow_hosts = frozenset(h.strip().strip("[]").lower() for h in allow_hosts if h)

    def allowed(self, host: str) -> bool:
        return host in self.allow_hosts

    def check_url(self, url: str) -> SplitResult:
        """The URL's parts, or `UnsafeTarget` saying what is wrong with it."""
        if len(url) > MAX_URL_CHARS:
            raise UnsafeTarget(f"The URL is longer than {MAX_URL_CHARS} characters.")
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
        if parts.scheme not in ("https", "http") or not host:
            raise UnsafeTarget(f"'{url}' is not an https:// URL with a host name.")
        if parts.username is not None or parts.password is not None:
            raise UnsafeTarget("A webhook URL may not carry a user name or password.")
        try:
            parts.port  # noqa: B018  (urlsplit checks the port only when asked)
        except ValueError:
            raise UnsafeTarget(
                f"'{url}' has a port that is not a number from 0 to 65535."
            ) from None
        if self.allowed(host):
            return parts
        if parts.scheme != "https":
            raise UnsafeTarget(
                f"'{url}' is not https: plain http is only for hosts in "
                "REJOINDER_WEBHOOK_ALLOW_HOSTS."
            )
        self._check_name(host)
        return parts

    def _check_name(self, host: str) -> None:
        literal = _literal(host)
        refusal = address_refusal(literal) if literal is not None else None
        if refusal is not None:
            raise UnsafeTarget(
                f"{host} is {refusal}; webhooks go to public addresses only, unless the host "
                "is in REJOINDER_WEBHOOK_ALLOW_HOSTS."
            )
        if literal is None and (host == _LOCAL_NAMES[0] or host.endswith(_LOCAL_NAMES[1:])):
            raise UnsafeTarget(f"{host} names this machine or a local network, not a public host.")

    async def resolve(self, url: str) -> Target:
        """The URL checked and its host resolved once; every address it resolves to must pass."""
        parts = self.check_url(url)
        host = (parts.hostname or "").lower()
        port = parts.port or (443 if parts.scheme == "https" else 80)
        addresses = await _addresses(host, port)
        if not self.allowed(host):
            for address in addresses:
                refusal = address_refusal(address)
                if refusal is not None:
                    raise UnsafeTarget(f"{host} resolves to {address}, {refusal}.")
        return Target(host, port, str(addresses[0]))


async def _addresses(host: str, port: int) -> list[IPAddress]:
    literal = _literal(host)
    if literal is not None:
        return [literal]
    # A name that does not resolve raises socket.gaierror (an OSError): a failure, tried again.
    found = await asyncio.get_running_loop().getaddrinfo(
        host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
    )
    # A scope id (fe80::1%eth0) is not part of the address; link-local is refused anyway.
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in found]
    if not addresses:
        raise UnsafeTarget(f"{host} does not resolve to any address.")
    return addresses
