"""`rejoinder demo` as a real process on a real port: what `make demo` serves."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import FIXTURES
from tests.helpers import assert_inert
from tests.processes import free_port, wait_until_healthy

PAGE = FIXTURES / "pages" / "wire-story-with-comments.txt"
HEADLINE = "AUKUS to open Pillar Two talks as Washington pushes for Japan to join"


def _start(tmp_path: Path, *extra: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    command = [sys.executable, "-m", "rejoinder", "demo", "--port", str(port),
               "--data-dir", str(tmp_path / "data"), *extra]  # fmt: skip
    log = tmp_path / "demo.log"
    with log.open("wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    wait_until_healthy(base, process, log)
    return process, base


@pytest.fixture
def reference_demo(tmp_path: Path) -> Iterator[str]:
    args = ("--page", str(PAGE), "--story", "aukus-pillar-two", "--title", HEADLINE)
    process, base = _start(tmp_path, *args)
    yield base
    process.terminate()
    process.wait(timeout=10)


def test_demo_serves_the_reference_story(reference_demo: str) -> None:
    api = f"{reference_demo}/api/v1/sites/demo/stories/aukus-pillar-two/comments"
    page = httpx.get(api, params={"sort": "oldest", "limit": 100}).json()
    authors = [item["author"]["name"] for item in page["items"]]
    assert page["total"] == 25
    assert authors[:3] == ["PTownsend", "John-San", "OssanAmerica"]
    assert authors[-1] == "TaiwanIsNotChina"

    html = httpx.get(f"{reference_demo}/").text
    assert f"<h1>{HEADLINE}</h1>" in html
    assert "25 Comments" in html
    assert html.count('class="comment"') == 25
    assert "© Thomson Reuters 2024." in html


def test_demo_accepts_a_comment_and_a_nested_reply(reference_demo: str) -> None:
    api = f"{reference_demo}/api/v1/sites/demo/stories/aukus-pillar-two/comments"
    headers = {"origin": reference_demo}
    parent = httpx.post(
        api, json={"body": "From the demo", "author_name": "Tester"}, headers=headers
    )
    assert parent.status_code == 201, parent.text
    reply = httpx.post(
        api,
        json={"body": "<script>alert(1)</script> reply", "author_name": "Second",
              "parent_id": parent.json()["id"]},
        headers=headers,
    )  # fmt: skip
    assert reply.status_code == 201, reply.text
    page = httpx.get(api, params={"limit": 100}).json()
    ids = [item["id"] for item in page["items"]]
    assert ids.index(reply.json()["id"]) == ids.index(parent.json()["id"]) + 1
    assert_inert(reply.json()["body_html"])
    html = httpx.get(f"{reference_demo}/").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; reply" in html
    assert "<script>alert(1)" not in html


def test_installed_package_serves_its_own_sample(tmp_path: Path) -> None:
    process, base = _start(tmp_path)
    try:
        html = httpx.get(f"{base}/").text
        assert "swing bridge" in html and "6 Comments" in html
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_demo_restarted_on_another_port_accepts_comments_from_it(tmp_path: Path) -> None:
    first, _ = _start(tmp_path)
    first.terminate()
    first.wait(timeout=10)
    second, base = _start(tmp_path)  # same data directory, a new free port
    try:
        api = f"{base}/api/v1/sites/demo/stories/harbour-bridge/comments"
        body = {"body": "Posted after a restart", "author_name": "Tester"}
        response = httpx.post(api, json=body, headers={"origin": base})
        assert response.status_code == 201, response.text
    finally:
        second.terminate()
        second.wait(timeout=10)
