"""SECURITY 23: where webhooks may go, over real HTTP to receivers on this machine.

Every refused address class, v4 and v6; https only, unless the operator allows the host; names
resolved once and the checked address dialled; no redirects; the answer read up to the cap; one
deadline for the whole attempt.
"""

from __future__ import annotations

import ipaddress
import socket
import time

import httpx2
import pytest

from rejoinder.domain.webhooks import OutboundRequest, UnsafeTarget
from rejoinder.platform.webhook_guard import Guard, address_refusal
from rejoinder.platform.webhook_sender import GuardedSender, PinnedTransport
from tests import webhook_receiver

REFUSED = {
    "10.1.2.3": "a private address",
    "172.16.0.1": "a private address",
    "192.168.1.10": "a private address",
    "fc00::1": "a private address",
    "127.0.0.1": "a loopback address",
    "::1": "a loopback address",
    "169.254.169.254": "a link-local address",  # the cloud metadata service
    "fe80::1": "a link-local address",
    "224.0.0.1": "a multicast address",
    "ff02::1": "a multicast address",
    "240.0.0.1": "a reserved address",
    "0.0.0.0": "the unspecified address",
    "::": "the unspecified address",
    "100.64.0.1": "a CGNAT address",
    "::ffff:127.0.0.1": "an IPv6 address that carries an IPv4 one",
    "::ffff:93.184.216.34": "an IPv6 address that carries an IPv4 one",
    "2002:7f00:1::": "an IPv6 address that carries an IPv4 one",  # 6to4 of 127.0.0.1
    "64:ff9b::7f00:1": "an IPv6 address that carries an IPv4 one",  # NAT64 of 127.0.0.1
    "192.0.2.1": "a private address",  # documentation (TEST-NET-1)
}


@pytest.mark.parametrize(("address", "why"), sorted(REFUSED.items()))
def test_each_refused_address_class(address: str, why: str) -> None:
    refusal = address_refusal(ipaddress.ip_address(address))
    assert refusal is not None and refusal.startswith(why)


@pytest.mark.parametrize("address", ["93.184.216.34", "1.1.1.1", "2606:4700:4700::1111"])
def test_public_addresses_pass(address: str) -> None:
    assert address_refusal(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://hooks.example/in", "is not https"),
        ("ftp://hooks.example/in", "is not an https:// URL"),
        ("https:///in", "is not an https:// URL"),
        ("https://user:pw@hooks.example/in", "user name or password"),
        ("https://hooks.example:99999/in", "port"),
        ("https://127.0.0.1/in", "loopback"),
        ("https://[::ffff:10.0.0.1]/in", "carries an IPv4 one"),
        ("https://169.254.169.254/latest/meta-data", "link-local"),
        ("https://localhost/in", "names this machine"),
        ("https://printer.local/in", "names this machine"),
        ("https://" + "a" * 2000 + ".example/", "longer than"),
    ],
)
def test_urls_are_refused_with_the_problem_named(url: str, problem: str) -> None:
    with pytest.raises(UnsafeTarget, match=problem):
        Guard().check_url(url)


def test_an_allowed_host_may_use_http_and_a_private_address() -> None:
    guard = Guard(["127.0.0.1", "Hooks.Internal"])
    guard.check_url("http://127.0.0.1:8080/in")
    guard.check_url("http://hooks.internal/in")
    with pytest.raises(UnsafeTarget):
        guard.check_url("http://127.0.0.2/in")  # only the host named


async def test_a_name_that_resolves_to_a_refused_address_is_refused_after_resolving() -> None:
    """This machine's own name passes the name check and resolves (here, from /etc/hosts) to
    an address of this machine or its network: refused once resolved."""
    name = socket.gethostname().lower()
    try:
        address = ipaddress.ip_address(socket.gethostbyname(name))
    except OSError:
        pytest.skip(f"{name} does not resolve here")
    if address_refusal(address) is None:
        pytest.skip(f"{name} resolves to a public address here")
    with pytest.raises(UnsafeTarget, match=f"{name} resolves to {address}"):
        await Guard().resolve(f"https://{name}/in")


async def test_an_allowed_name_is_resolved_once_and_its_address_pinned() -> None:
    target = await Guard(["localhost"]).resolve("http://localhost:8080/in")
    assert target.host == "localhost" and ipaddress.ip_address(target.address).is_loopback


def _request(url: str) -> OutboundRequest:
    return OutboundRequest(url, b'{"type": "webhook.test"}', {"content-type": "application/json"})


async def test_the_transport_dials_the_checked_address_and_sends_the_original_host() -> None:
    """The name in the URL is never looked up again: the connection goes to the pinned address
    (a name that resolves nowhere still reaches it), and the Host header keeps the name."""
    with webhook_receiver.running() as receiver:
        transport = PinnedTransport("127.0.0.1", httpx2.create_ssl_context())
        async with httpx2.AsyncClient(transport=transport) as client:
            url = f"http://hooks.invalid:{receiver.port}/in"
            answer = await client.post(url, content=b"{}")
        assert answer.status_code == 200
        [got] = receiver.received
        assert got.headers["host"] == f"hooks.invalid:{receiver.port}"


async def test_a_refused_address_gets_no_connection_at_all() -> None:
    with webhook_receiver.running() as receiver:
        outcome = await GuardedSender().send(_request(receiver.url.replace("http:", "https:")))
        assert outcome.outcome == "refused" and "loopback" in (outcome.error or "")
        assert receiver.received == []


async def test_an_allowed_receiver_gets_the_request() -> None:
    with webhook_receiver.running([204]) as receiver:
        outcome = await GuardedSender(["127.0.0.1"]).send(_request(receiver.url))
        assert (outcome.outcome, outcome.status_code) == ("delivered", 204)
        assert receiver.received[0].body == b'{"type": "webhook.test"}'


async def test_a_redirect_is_not_followed() -> None:
    with webhook_receiver.running(["redirect"]) as receiver:
        outcome = await GuardedSender(["127.0.0.1"]).send(_request(receiver.url))
        assert (outcome.outcome, outcome.status_code) == ("failed", 302)
        assert [r.path for r in receiver.received] == ["/hooks"]  # /elsewhere never asked


async def test_the_answer_is_read_up_to_the_cap_only() -> None:
    """A receiver sending a body without end (100 MB) does not keep the sender: it stops at the
    cap, well within the deadline, and the attempt counts on the status."""
    with webhook_receiver.running(["endless"]) as receiver:
        sender = GuardedSender(["127.0.0.1"], timeout_seconds=5.0, max_response_bytes=64 * 1024)
        started = time.monotonic()
        outcome = await sender.send(_request(receiver.url))
        assert outcome.outcome == "delivered", outcome
        assert time.monotonic() - started < 2.0


async def test_one_deadline_covers_the_whole_attempt() -> None:
    with webhook_receiver.running(["slow"]) as receiver:
        sender = GuardedSender(["127.0.0.1"], timeout_seconds=0.5)
        started = time.monotonic()
        outcome = await sender.send(_request(receiver.url))
        assert outcome.outcome == "failed" and "within 0.5 s" in (outcome.error or "")
        assert time.monotonic() - started < webhook_receiver.SLOW_SECONDS - 1


async def test_nobody_listening_is_a_failure_not_an_error() -> None:
    from tests.processes import free_port

    outcome = await GuardedSender(["127.0.0.1"]).send(_request(f"http://127.0.0.1:{free_port()}/"))
    assert outcome.outcome == "failed" and outcome.status_code is None
