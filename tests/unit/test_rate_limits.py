"""Limits, counters and the limiter without a server: parsing, windows, subjects, messages."""

from __future__ import annotations

import pytest

from rejoinder.domain.errors import TooManyRequests
from rejoinder.domain.rate_limits import DEFAULT_LIMITS, Limit
from rejoinder.platform.counters.memory import MemoryCounters
from rejoinder.platform.rate_limits import RateLimiter, network_of, reader_network


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_limit_parse_reads_count_per_seconds() -> None:
    assert Limit.parse("20/60") == Limit(20, 60)
    assert Limit.parse(" 5 / 3600 ") == Limit(5, 3600)


@pytest.mark.parametrize("text", ["20", "20/", "/60", "0/60", "20/0", "-1/60", "a/b", "1.5/60"])
def test_limit_parse_refuses_anything_else(text: str) -> None:
    with pytest.raises(ValueError, match="rate limit"):
        Limit.parse(text)


async def test_memory_window_counts_then_resets_when_it_ends() -> None:
    clock = Clock()
    counters = MemoryCounters(clock)
    assert await counters.incr("k", 60) == (1, 60.0)
    clock.now += 45
    assert await counters.incr("k", 60) == (2, 15.0)
    assert await counters.incr("other", 60) == (1, 60.0)  # keys count apart
    clock.now += 15  # the window has ended
    assert await counters.incr("k", 60) == (1, 60.0)


async def test_limiter_refuses_past_the_limit_with_the_wait_and_a_human_message() -> None:
    clock = Clock()
    limiter = RateLimiter(MemoryCounters(clock), {"post.ip": "3/60"})
    for _ in range(3):
        await limiter.hit("post", ip="192.0.2.1")
    clock.now += 20
    with pytest.raises(TooManyRequests) as refused:
        await limiter.hit("post", ip="192.0.2.1")
    assert refused.value.retry_after == 40
    assert refused.value.message == (
        "Too many comments in a short time. Please wait 40 seconds and try again."
    )
    await limiter.hit("post", ip="192.0.2.2")  # another reader is not affected
    clock.now += 40
    await limiter.hit("post", ip="192.0.2.1")  # a new window


async def test_a_refused_address_does_not_spend_its_networks_budget() -> None:
    limiter = RateLimiter(MemoryCounters(), {"post.ip": "2/60", "post.net": "3/60"})
    for attempt in range(5):
        if attempt < 2:
            await limiter.hit("post", ip="192.0.2.1", net="192.0.2.0/24")
        else:
            with pytest.raises(TooManyRequests):
                await limiter.hit("post", ip="192.0.2.1", net="192.0.2.0/24")
    await limiter.hit("post", ip="192.0.2.2", net="192.0.2.0/24")  # the network's third
    with pytest.raises(TooManyRequests):
        await limiter.hit("post", ip="192.0.2.3", net="192.0.2.0/24")


async def test_the_wait_is_that_of_the_subject_over_its_limit() -> None:
    clock = Clock()
    limiter = RateLimiter(MemoryCounters(clock), {"post.ip": "5/10", "post.account": "1/600"})
    await limiter.hit("post", ip="192.0.2.1", account="7")
    with pytest.raises(TooManyRequests) as refused:
        await limiter.hit("post", ip="192.0.2.1", account="7")
    assert refused.value.retry_after == 600
    assert refused.value.message.endswith("Please wait 600 seconds and try again.")


async def test_subjects_without_a_limit_or_a_value_are_not_counted() -> None:
    limiter = RateLimiter(MemoryCounters(), {"preview.ip": "1/60"})
    for _ in range(5):
        await limiter.hit("preview", account="7", story=None)  # no preview.account limit
        await limiter.hit("preview", ip=None)


def test_overrides_replace_defaults_and_typos_are_refused() -> None:
    limiter = RateLimiter(MemoryCounters(), {"post.ip": "20/60"})
    assert limiter.limits["post.ip"] == Limit(20, 60)
    assert limiter.limits["post.net"] == DEFAULT_LIMITS["post.net"]
    for name in ("post.ipp", "posts.ip", "post", "login.email.x"):
        with pytest.raises(ValueError, match="unknown rate limit"):
            RateLimiter(MemoryCounters(), {name: "1/60"})
    with pytest.raises(ValueError, match="count/seconds"):
        RateLimiter(MemoryCounters(), {"post.ip": "lots"})


def test_networks_are_the_ipv4_24_and_the_ipv6_48() -> None:
    assert network_of("192.0.2.77") == "192.0.2.0/24"
    assert network_of("2001:db8:abcd:12:1::5") == "2001:db8:abcd::/48"
    assert network_of("::ffff:192.0.2.77") == "192.0.2.0/24"  # IPv4 on a dual-stack socket
    assert network_of("unknown") is None


@pytest.mark.parametrize(
    ("ip", "reader"),
    [
        ("203.0.113.9", "203.0.113.9"),  # an IPv4 address is its reader
        ("::ffff:203.0.113.9", "203.0.113.9"),  # a dual-stack socket's IPv4 reader
        ("2001:db8:1:2:abcd:ef01:2345:6789", "2001:db8:1:2::/64"),  # an IPv6 host is its /64
        ("2001:db8:1:2::7", "2001:db8:1:2::/64"),
        ("unknown", "unknown"),  # no address at all: kept as it is
    ],
)
def test_a_reader_is_an_ipv4_address_or_an_ipv6_64(ip: str, reader: str) -> None:
    assert reader_network(ip) == reader
