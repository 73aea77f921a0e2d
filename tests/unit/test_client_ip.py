"""The client address: X-Forwarded-For only from configured proxies; IPv6 whole (SECURITY 29)."""

from __future__ import annotations

from rejoinder.http.client_ip import client_ip

PROXIES = ("10.0.0.0/8", "fd00::/8")


def test_without_trusted_proxies_the_header_is_ignored() -> None:
    assert client_ip("192.0.2.9", "203.0.113.5", ()) == "192.0.2.9"


def test_a_header_from_an_untrusted_peer_is_ignored_whole() -> None:
    assert client_ip("192.0.2.9", "203.0.113.5, 10.0.0.2", PROXIES) == "192.0.2.9"


def test_behind_a_proxy_the_nearest_untrusted_hop_is_the_client() -> None:
    assert client_ip("10.0.0.1", "203.0.113.5", PROXIES) == "203.0.113.5"
    # A reader can prepend anything; only what our proxies appended is believed.
    assert client_ip("10.0.0.1", "6.6.6.6, 203.0.113.5, 10.0.0.7", PROXIES) == "203.0.113.5"


def test_when_every_hop_is_a_proxy_the_first_one_is_the_client() -> None:
    assert client_ip("10.0.0.1", "10.1.1.1, 10.0.0.7", PROXIES) == "10.1.1.1"


def test_a_hop_that_is_not_an_address_falls_back_to_the_peer() -> None:
    assert client_ip("10.0.0.1", "not-an-ip", PROXIES) == "10.0.0.1"
    assert client_ip("10.0.0.1", " , ", PROXIES) == "10.0.0.1"


def test_ipv6_clients_and_proxies_are_handled_whole() -> None:
    assert client_ip("fd00::1", "2001:db8:abcd:12::5", PROXIES) == "2001:db8:abcd:12::5"
    assert client_ip("10.0.0.1", "2001:DB8:0:0::5", PROXIES) == "2001:db8::5"  # one spelling
    assert client_ip("2001:db8::9", "203.0.113.5", PROXIES) == "2001:db8::9"
