"""Small helpers for API and CLI tests: post comments the way the widget does, run commands."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx
from click.testing import CliRunner

from rejoinder.cli.main import cli

STORY_URL = "https://news.example/politics/story-1"


def comments_url(site: str, story: str) -> str:
    return f"/api/v1/sites/{site}/stories/{story}/comments"


_bodies = itertools.count(1)


async def post(
    client: httpx.AsyncClient,
    site: str,
    story: str = "story-1",
    body: str | None = None,
    *,
    expect: int | tuple[int, ...] = 201,
    headers: dict[str, str] | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """Post a comment; the default body is new each time (repeated text is a duplicate).

    A guest by default; with a sign-in's `headers` the account writes (its name, not "Reader").
    """
    text = body if body is not None else f"A thoughtful comment, number {next(_bodies)}."
    payload = {"body": text, "author_name": "Reader", "story_url": STORY_URL, **fields}
    response = await client.post(comments_url(site, story), json=payload, headers=headers)
    expected = expect if isinstance(expect, tuple) else (expect,)
    assert response.status_code in expected, response.text
    data: dict[str, Any] = response.json()
    return data


async def listing(
    client: httpx.AsyncClient, site: str, story: str = "story-1", **params: Any
) -> dict[str, Any]:
    response = await client.get(comments_url(site, story), params=params)
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    return data


class _TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


SAFE_TAGS = {"p", "br", "strong", "em", "del", "s", "code", "pre", "blockquote", "ul", "ol", "li",
             "a", "hr"}  # fmt: skip
SAFE_ATTRIBUTES = {"href", "rel", "start"}


def assert_inert(html: str) -> None:
    """Every element and attribute is on the allow-list; every link is http(s) or mailto."""
    collector = _TagCollector()
    collector.feed(html)
    for tag, attributes in collector.tags:
        assert tag in SAFE_TAGS, f"<{tag}> in {html!r}"
        for name, value in attributes:
            assert name in SAFE_ATTRIBUTES, f"{name}= in {html!r}"
            if name == "href":
                assert (value or "").lower().startswith(("http://", "https://", "mailto:")), html


CLI_SECRET = "cli-test-secret"


def cli_invoker(database_url: str, data_dir: Path) -> Callable[..., str]:
    """`rejoinder ...` in-process against one database: invoke(*args, expect=0, stdin=None)."""
    runner = CliRunner()
    env = {
        "REJOINDER_DATABASE_URL": database_url,
        "REJOINDER_DATA_DIR": str(data_dir),
        "REJOINDER_SECRET_KEY": CLI_SECRET,
    }

    def invoke(*args: str, expect: int = 0, stdin: str | None = None) -> str:
        result = runner.invoke(cli, list(args), env=env, input=stdin, catch_exceptions=False)
        assert result.exit_code == expect, result.output
        return result.output

    return invoke
