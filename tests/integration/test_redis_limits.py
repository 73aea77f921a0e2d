"""Limits shared through Redis by two real app servers, and the fail-open path without Redis.

The two servers share one SQLite file, one secret and one Redis; they sit behind a "proxy"
(127.0.0.1 is trusted), so each run can speak for a fresh random client address and story: keys
of earlier or concurrent runs never meet this one's.
"""

from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import redis

from rejoinder.config import Settings
from rejoinder.domain.rate_limits import DEFAULT_LIMITS
from rejoinder.platform.counters.redis import RedisCounters
from tests.conftest import ORIGIN
from tests.helpers import STORY_URL, post
from tests.processes import free_port, wait_until_healthy

REDIS_URL = os.environ.get("REJOINDER_TEST_REDIS", "redis://127.0.0.1:6379/0")
DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1
SITE_SETTINGS = '{"moderation": {"phases": ["length"]}}'


def redis_or_skip() -> str:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except (redis.RedisError, OSError) as error:
        pytest.skip(f"Redis is not reachable at {REDIS_URL} ({error}); shared limits need it")
    return REDIS_URL


def _cli(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "-m", "rejoinder", *args], env=env, check=True)


@pytest.fixture
def two_servers(tmp_path: Path) -> Iterator[list[str]]:
    env = {
        **os.environ,
        "REJOINDER_DATA_DIR": str(tmp_path / "data"),
        "REJOINDER_SECRET_KEY": "shared-test-secret",
        "REDIS_URL": redis_or_skip(),
        "REJOINDER_TRUSTED_PROXIES": '["127.0.0.1"]',
        "REJOINDER_RATE_LIMITS": "{}",  # the defaults, whatever the environment says
    }
    env.pop("REJOINDER_REDIS_URL", None)  # it would win over REDIS_URL
    _cli(env, "db", "upgrade")
    _cli(env, "site", "create", "news", "--origin", ORIGIN, "--settings", SITE_SETTINGS)
    processes, bases = [], []
    try:
        for n in range(2):
            port, log = free_port(), tmp_path / f"server{n}.log"
            with log.open("wb") as output:
                command = [sys.executable, "-m", "rejoinder", "serve", "--port", str(port)]
                processes.append(
                    subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
                )
            bases.append(f"http://127.0.0.1:{port}")
            wait_until_healthy(bases[-1], processes[-1], log)
        yield bases
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)


def test_two_app_servers_share_one_limit_through_redis(two_servers: list[str]) -> None:
    run = uuid.uuid4()
    client_ip = f"198.18.{run.bytes[0]}.{run.bytes[1] % 254 + 1}"  # a fresh client and story
    story = f"shared-{run.hex[:12]}"
    headers = {"origin": ORIGIN, "x-forwarded-for": client_ip}
    statuses = []
    for n in range(DEFAULT_LIMITS["post.ip"].count + 2):
        base = two_servers[n % 2]  # alternate: each server alone has seen half of them
        response = httpx.post(
            f"{base}/api/v1/sites/news/stories/{story}/comments",
            json={"body": f"Comment {n} here", "author_name": "R", "story_url": STORY_URL},
            headers=headers,
        )
        statuses.append(response.status_code)
        if response.status_code == 429:
            assert 1 <= int(response.headers["retry-after"]) <= 60
            assert response.json()["error"]["message"].startswith("Too many comments")
    assert statuses == [201] * 10 + [429, 429]


async def test_redis_counters_count_in_a_window_that_expires() -> None:
    counters = RedisCounters.from_url(redis_or_skip(), prefix=f"test-{uuid.uuid4().hex}:")
    try:
        assert (await counters.incr("k", 60))[0] == 1
        count, ttl = await counters.incr("k", 60)
        assert count == 2 and 59 < ttl <= 60
        assert (await counters.incr("other", 60))[0] == 1
        assert (await counters.incr("brief", 1))[0] == 1
        await asyncio.sleep(1.1)
        assert (await counters.incr("brief", 1))[0] == 1  # the key expired with its window
    finally:
        await counters.aclose()


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    """The in-process app of the tests below: Redis configured but unreachable, real limits."""
    return Settings(
        database_url=database_url, data_dir=tmp_path, secret_key="k", redis_url=DEAD_REDIS
    )


async def test_without_redis_limits_fail_open_to_this_process_and_warn(
    client: httpx.AsyncClient, site: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="rejoinder.platform.counters.redis")
    for _ in range(DEFAULT_LIMITS["post.ip"].count):
        await post(client, site)  # accepted: no 500 while Redis is down
    assert "Redis is unreachable for rate limits" in caplog.text
    refused = await client.post(
        f"/api/v1/sites/{site}/stories/story-1/comments",
        json={"body": "One too many", "author_name": "R", "story_url": STORY_URL},
    )
    assert refused.status_code == 429  # this process still counts on its own
