"""`rejoinder webhook add|list|remove|test|rotate|enable|log` on both databases, sending to a
real receiver that verifies the signature."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import cli_invoker
from tests.webhook_receiver import running

SECRET = re.compile(r"whsec_[A-Za-z0-9+/=]+")


@pytest.fixture
def rejoinder(clean_database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("REJOINDER_WEBHOOK_ALLOW_HOSTS", "127.0.0.1")
    invoke = cli_invoker(clean_database, tmp_path)
    invoke("site", "create", "news", "--origin", "https://news.example")
    return invoke


def test_add_prints_the_secret_once_and_list_never(rejoinder: Any) -> None:
    added = rejoinder(
        "webhook", "add", "--site", "news", "--url", "https://hooks.example/in",
        "--event", "comment.published", "--event", "report.filed",
    )  # fmt: skip
    assert len(SECRET.findall(added)) == 1
    endpoint_id = re.search(r"endpoint (\d+)", added)
    assert endpoint_id is not None
    listed = rejoinder("webhook", "list", "--site", "news")
    assert "whsec_" not in listed
    assert listed.split("\t")[:4] == [
        endpoint_id.group(1), "https://hooks.example/in", "comment.published,report.filed",
        "enabled\n",
    ]  # fmt: skip
    rotated = rejoinder("webhook", "rotate", endpoint_id.group(1))
    assert len(SECRET.findall(rotated)) == 1 and SECRET.findall(rotated) != SECRET.findall(added)
    assert "rotating until" in rejoinder("webhook", "list", "--site", "news")
    rejoinder("webhook", "remove", endpoint_id.group(1))
    assert rejoinder("webhook", "list", "--site", "news") == ""


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://hooks.example/in", "is not https"),
        ("https://10.0.0.5/in", "is a private address"),
        ("https://[::1]/in", "loopback"),
        ("not a url", "is not an https:// URL"),
    ],
)
def test_a_bad_url_is_refused_with_the_problem_named(
    rejoinder: Any, url: str, problem: str
) -> None:
    refused = rejoinder("webhook", "add", "--site", "news", "--url", url, expect=1)
    assert problem in refused and "whsec_" not in refused
    assert rejoinder("webhook", "list", "--site", "news") == ""


def test_an_unknown_event_type_is_a_usage_error(rejoinder: Any) -> None:
    refused = rejoinder(
        "webhook", "add", "--site", "news", "--url", "https://hooks.example/in",
        "--event", "comment.liked", expect=2,
    )  # fmt: skip
    assert "comment.liked" in refused


def test_test_sends_a_signed_test_event_and_logs_it(rejoinder: Any) -> None:
    with running([200]) as receiver:
        added = rejoinder("webhook", "add", "--site", "news", "--url", receiver.url)
        [secret] = SECRET.findall(added)
        endpoint_id = re.findall(r"endpoint (\d+)", added)[0]
        answer = rejoinder("webhook", "test", endpoint_id)
        assert answer.startswith("delivered: status 200")
        [got] = receiver.received
    payload = got.verify(secret)
    assert payload["type"] == "webhook.test"
    assert payload["data"] == {
        "site": "news", "endpoint_id": int(endpoint_id), "message": "A test from Rejoinder."
    }  # fmt: skip
    log = rejoinder("webhook", "log", endpoint_id)
    assert "\twebhook.test\t1\tdelivered\t200\t" in log


def test_test_of_an_endpoint_that_fails_exits_non_zero(rejoinder: Any) -> None:
    with running([503]) as receiver:
        added = rejoinder("webhook", "add", "--site", "news", "--url", receiver.url)
        endpoint_id = re.findall(r"endpoint (\d+)", added)[0]
        answer = rejoinder("webhook", "test", endpoint_id, expect=1)
    assert answer.startswith("failed: status 503")


def test_an_unknown_endpoint_is_a_clear_error(rejoinder: Any) -> None:
    assert "There is no webhook endpoint 999" in rejoinder("webhook", "remove", "999", expect=1)
