"""Bad input of every kind gets a 4xx in the error format, and nothing harmful is stored."""

from __future__ import annotations

import importlib
import json
import pkgutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from pydantic import BaseModel
from sqlalchemy import String
from starlette.types import Receive, Scope, Send

import rejoinder.http
from rejoinder.domain.accounts import MAX_NAME_CHARS
from rejoinder.domain.limits import MAX_AUTHOR_NAME_CHARS, MAX_STORY_ID_CHARS, MAX_TITLE_CHARS
from rejoinder.domain.sso import SsoClaims
from rejoinder.http.middleware import BodyLimit
from rejoinder.http.schemas import Strict
from rejoinder.http.schemas.accounts import RegisterIn
from rejoinder.http.schemas.comments import CommentIn
from rejoinder.http.schemas.moderation import GuestBanIn, UserStateIn
from rejoinder.storage.models import (
    Account,
    Comment,
    GuestBan,
    ModeratorNote,
    SsoIdentity,
    Story,
    UserState,
)
from tests.helpers import STORY_URL, assert_inert, comments_url, listing, post
from tests.integration.signed_in import sign_in

PAYLOADS = (Path(__file__).parent.parent / "fixtures" / "xss_payloads.txt").read_text().splitlines()


def assert_error(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] and error["message"]
    return str(error["message"])


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"body": "", "author_name": "A", "story_url": STORY_URL}, 422),
        ({"body": "   \n  ", "author_name": "A", "story_url": STORY_URL}, 422),
        ({"body": "x" * 10_001, "author_name": "A", "story_url": STORY_URL}, 422),
        ({"body": "hi", "author_name": "", "story_url": STORY_URL}, 422),
        ({"body": "hi", "author_name": "x" * 41, "story_url": STORY_URL}, 422),
        ({"body": "hi", "author_name": "A", "parent_id": 999_999, "story_url": STORY_URL}, 422),
        ({"body": "hi", "author_name": "A", "story_url": STORY_URL, "status": "published"}, 422),
        ({"author_name": "A", "story_url": STORY_URL}, 422),
        ({"body": 12, "author_name": "A", "story_url": STORY_URL}, 422),
        ({"body": "hi", "author_name": "A"}, 404),  # a new story needs its URL
        ({"body": "hi", "author_name": "A", "story_url": "https://evil.example/x"}, 403),
        ({"body": "hi", "author_name": "A", "story_url": "javascript:alert(1)"}, 403),
    ],
)
async def test_invalid_comments_are_refused(
    client: httpx.AsyncClient, site: str, body: dict[str, object], status: int
) -> None:
    assert_error(await client.post(comments_url(site, "story-1"), json=body), status)
    assert (await listing(client, site))["total"] == 0


async def test_one_megabyte_body_is_413(client: httpx.AsyncClient, site: str) -> None:
    huge = {"body": "x" * 1_000_000, "author_name": "A", "story_url": STORY_URL}
    assert_error(await client.post(comments_url(site, "story-1"), json=huge), 413)


async def test_malformed_json_is_400(client: httpx.AsyncClient, site: str) -> None:
    response = await client.post(
        comments_url(site, "story-1"),
        content=b'{"body": "unterminated',
        headers={"content-type": "application/json"},
    )
    assert "not valid JSON" in assert_error(response, 400)


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data", ""]
)
async def test_non_json_writes_are_refused(
    client: httpx.AsyncClient, site: str, content_type: str
) -> None:
    """SECURITY 8: text/plain, form posts and sendBeacon cannot write."""
    response = await client.post(
        comments_url(site, "story-1"),
        content=b'{"body": "hi", "author_name": "A"}',
        headers={"content-type": content_type},
    )
    assert_error(response, 415)


@pytest.mark.parametrize("origin", [None, "https://evil.example", "https://news.example.evil.com"])
async def test_writes_need_an_allowed_origin(
    client: httpx.AsyncClient, site: str, origin: str | None
) -> None:
    headers = {"origin": origin} if origin else {}
    client.headers.pop("origin")
    response = await client.post(
        comments_url(site, "story-1"),
        json={"body": "hi", "author_name": "A", "story_url": STORY_URL},
        headers=headers,
    )
    assert_error(response, 403)


async def test_unknown_site_is_404(client: httpx.AsyncClient, site: str) -> None:
    assert_error(await client.get(comments_url("nope", "story-1")), 404)
    response = await client.post(comments_url("nope", "s"), json={"body": "x", "author_name": "A"})
    assert_error(response, 404)


async def test_reply_to_a_comment_of_another_story_is_refused(
    client: httpx.AsyncClient, site: str
) -> None:
    other = await post(client, site, story="other", story_url="https://news.example/other")
    response = await client.post(
        comments_url(site, "story-1"),
        json={"body": "hi", "author_name": "A", "story_url": STORY_URL, "parent_id": other["id"]},
    )
    assert_error(response, 422)


@pytest.mark.parametrize(
    "params",
    [{"limit": 0}, {"limit": 101}, {"limit": "ten"}, {"sort": "random"}, {"cursor": "x" * 201}],
)
async def test_out_of_range_listing_parameters(
    client: httpx.AsyncClient, site: str, params: dict[str, int | str]
) -> None:
    assert_error(await client.get(comments_url(site, "story-1"), params=params), 422)


@pytest.mark.parametrize("cursor", ["garbage", "eyJ4IjoxfQ", "WyJ0b3AiLDEsMV0"])
async def test_forged_cursors_are_400(client: httpx.AsyncClient, site: str, cursor: str) -> None:
    await post(client, site)
    response = await client.get(comments_url(site, "story-1"), params={"cursor": cursor})
    assert_error(response, 400)


async def test_too_many_count_keys_is_413(client: httpx.AsyncClient, site: str) -> None:
    params = tuple(("story", f"s{n}") for n in range(101))
    assert_error(await client.get(f"/api/v1/sites/{site}/counts", params=params), 413)


async def test_xss_payloads_are_stored_inert(client: httpx.AsyncClient, site: str) -> None:
    name = '<b onmouseover="x">Eve</b>'
    for payload in PAYLOADS:
        # Published or held by moderation: either way what is stored is inert.
        written = await post(
            client, site, body=payload, author_name=name, resubmit=True, expect=(201, 202)
        )
        assert_inert(written["body_html"])
        assert written["author"]["name"] == name  # kept as text, escaped where it is shown
    for item in (await listing(client, site, limit=100))["items"]:
        assert_inert(item["body_html"])


async def test_unknown_route_uses_error_format(client: httpx.AsyncClient) -> None:
    assert_error(await client.get("/api/v1/nothing-here"), 404)


HUGE = "67993832221011380111738404864"  # found by schemathesis: a 500 from the SQLite driver


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/api/v1/sites/{site}/comments/{huge}", None),
        ("GET", "/api/v1/sites/{site}/comments/{huge}/replies", None),
        ("GET", "/api/v1/sites/{site}/comments/{huge}/source", None),
        ("PATCH", "/api/v1/sites/{site}/comments/{huge}", {"body": "x"}),
        ("DELETE", "/api/v1/sites/{site}/comments/{huge}", None),
        ("POST", "/api/v1/sites/{site}/comments/{huge}/reactions", {"kind": "like"}),
        ("POST", "/api/v1/sites/{site}/comments/{huge}/reports", {"reason": "spam"}),
        ("POST", "/api/v1/sites/{site}/moderation/comments/{huge}", {"action": "approve"}),
        ("PUT", "/api/v1/sites/{site}/moderation/users/{huge}", {"banned": True}),
        ("DELETE", "/api/v1/me/mutes/{huge}", None),
        ("POST", "/api/v1/me/mutes", {"account_id": int(HUGE)}),
        ("POST", "/api/v1/sites/{site}/stories/s/comments",
         {"body": "x", "author_name": "A", "parent_id": int(HUGE)}),
    ],
)  # fmt: skip
async def test_ids_beyond_an_integer_are_422_not_500(
    client: httpx.AsyncClient, site: str, method: str, path: str, body: Any
) -> None:
    url = path.format(site=site, huge=HUGE)
    response = await client.request(method, url, json=body, headers={"X-Edit-Token": "t"})
    assert response.status_code in (401, 422), response.text  # 401: sign-in is checked first
    assert "error" in response.json()


# --- Text every database stores alike (NUL, lone surrogates), keys no column can hold ---------

NUL = "a\u0000b"
GUEST = {"body": "hi", "author_name": "A", "story_url": STORY_URL}
STAFF_NAME = "Moderator of news"


def nul_cases(site: str) -> list[tuple[str, str, str, dict[str, Any]]]:
    """(method, path, field, body): one user text field per case, holding a NUL."""
    comments = comments_url(site, "story-1")
    return [
        ("POST", comments, "body", {**GUEST, "body": NUL}),
        ("POST", comments, "author_name", {**GUEST, "author_name": NUL}),
        ("POST", comments, "author_email", {**GUEST, "author_email": f"{NUL}@example.org"}),
        ("POST", comments, "story_url", {**GUEST, "story_url": f"{STORY_URL}{NUL}"}),
        ("POST", comments, "story_title", {**GUEST, "story_title": NUL}),
        ("PATCH", f"/api/v1/sites/{site}/comments/1", "body", {"body": NUL}),
        ("POST", f"/api/v1/sites/{site}/comments/1/reports", "detail",
         {"reason": "spam", "detail": NUL}),
        ("POST", f"/api/v1/sites/{site}/preview", "body", {"body": NUL}),
        ("POST", f"/api/v1/sites/{site}/sso/session", "token", {"token": NUL}),
        ("POST", "/api/v1/auth/register", "email",
         {"email": f"{NUL}@example.org", "password": "long enough pass", "display_name": "Ann"}),
        ("POST", "/api/v1/auth/register", "password",
         {"email": "ann@example.org", "password": f"long enough {NUL}", "display_name": "Ann"}),
        ("POST", "/api/v1/auth/register", "display_name",
         {"email": "ann@example.org", "password": "long enough pass", "display_name": NUL}),
        ("POST", "/api/v1/auth/login", "email",
         {"email": f"{NUL}@example.org", "password": "long enough pass"}),
        ("POST", "/api/v1/auth/login", "password",
         {"email": "ann@example.org", "password": f"long enough {NUL}"}),
        ("POST", "/api/v1/auth/verify/resend", "email", {"email": f"{NUL}@example.org"}),
        ("POST", "/api/v1/auth/verify", "token", {"token": NUL}),
        ("POST", "/api/v1/auth/password-reset", "email", {"email": f"{NUL}@example.org"}),
        ("POST", "/api/v1/auth/password-reset/confirm", "token",
         {"token": NUL, "password": "long enough pass"}),
        ("POST", "/api/v1/auth/password-reset/confirm", "password",
         {"token": "key", "password": f"long enough {NUL}"}),
        ("PATCH", "/api/v1/me", "display_name", {"display_name": NUL}),
        ("DELETE", "/api/v1/me", "password", {"password": NUL}),
        ("POST", f"/api/v1/sites/{site}/moderation/comments/1", "reason",
         {"action": "reject", "reason": NUL}),
        ("PUT", f"/api/v1/sites/{site}/moderation/users/1", "note", {"note": NUL}),
    ]  # fmt: skip


async def test_nul_in_any_text_field_is_422_naming_the_field(
    client: httpx.AsyncClient, site: str, app: FastAPI
) -> None:
    """PostgreSQL cannot store U+0000 and SQLite would: refused alike, before any service runs."""
    staff = await sign_in(app, STAFF_NAME, moderates=(site,))
    for method, path, field, body in nul_cases(site):
        response = await client.request(
            method, path, json=body, headers={**staff.headers, "X-Edit-Token": "t"}
        )
        message = assert_error(response, 422)
        assert field in message and "NUL" in message, (method, path, message)
    assert (await listing(client, site))["total"] == 0


def test_every_input_model_refuses_nul() -> None:
    """Bodies are checked by their base class: a new input model cannot forget it."""
    modules = [
        importlib.import_module(info.name)
        for info in pkgutil.walk_packages(rejoinder.http.__path__, "rejoinder.http.")
    ]
    inputs = {
        obj
        for module in modules
        for obj in vars(module).values()
        if isinstance(obj, type) and issubclass(obj, BaseModel) and obj.__name__.endswith("In")
    }
    assert len(inputs) > 10
    assert {model.__name__ for model in inputs if not issubclass(model, Strict)} == set()


@pytest.mark.parametrize("field", ["body", "author_name", "story_title"])
async def test_a_lone_surrogate_is_422_naming_the_field(
    client: httpx.AsyncClient, site: str, field: str
) -> None:
    """Valid JSON (`"\\ud800"`), but not text: refused (by pydantic), and the field is named."""
    fields = {**GUEST, field: "PLACEHOLDER"}
    raw = json.dumps(fields).replace("PLACEHOLDER", "x\\ud800y").encode()
    response = await client.post(
        comments_url(site, "story-1"), content=raw, headers={"content-type": "application/json"}
    )
    message = assert_error(response, 422)
    assert message.startswith(f"{field}: ")
    assert (await listing(client, site))["total"] == 0


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/v1/sites/{site}/stories/a%00b/comments"),
        ("GET", "/api/v1/sites/{site}/stories/a%00b"),
        ("POST", "/api/v1/sites/{site}/stories/a%00b/comments"),
        ("GET", "/fragments/sites/{site}/stories/a%00b"),
        ("GET", "/api/v1/sites/ne%00ws/stories/story-1/comments"),
        ("GET", "/api/v1/sites/ne%00ws/comments/1/replies"),
        ("GET", "/api/v1/sites/ne%00ws/counts?story=story-1"),
        ("POST", "/api/v1/sites/ne%00ws/stories/story-1/comments"),
        ("GET", "/fragments/sites/ne%00ws/stories/story-1"),
        ("OPTIONS", "/api/v1/sites/ne%00ws/stories/story-1/comments"),
    ],
)
async def test_nul_in_a_path_key_is_404(
    client: httpx.AsyncClient, site: str, method: str, path: str
) -> None:
    await post(client, site)  # the story exists, and the fast read path has its page cached
    await listing(client, site)
    response = await client.request(
        method,
        path.format(site=site),
        json=GUEST,
        headers={"access-control-request-method": "POST"},
    )
    assert "NUL" in assert_error(response, 404)


@pytest.mark.parametrize("param", ["story", "url"])
async def test_nul_in_a_counts_query_is_422_naming_it(
    client: httpx.AsyncClient, site: str, param: str
) -> None:
    response = await client.get(f"/api/v1/sites/{site}/counts?{param}=a%00b")
    message = assert_error(response, 422)
    assert param in message and "NUL" in message


async def test_story_keys_longer_than_their_column_are_404(
    client: httpx.AsyncClient, site: str
) -> None:
    """`stories.key` is varchar(200): a longer key names no story and can start none."""
    longest, too_long = "k" * MAX_STORY_ID_CHARS, "k" * 300
    await post(client, site, story=longest)
    assert (await listing(client, site, story=longest))["total"] == 1
    for method, path in [
        ("POST", comments_url(site, too_long)),
        ("GET", comments_url(site, too_long)),
        ("GET", f"/api/v1/sites/{site}/stories/{too_long}"),
        ("GET", f"/fragments/sites/{site}/stories/{too_long}"),
        ("POST", comments_url("s" * 300, "story-1")),
    ]:
        response = await client.request(method, path, json=GUEST)
        assert "longer" in assert_error(response, 404), (method, path)


def test_input_limits_match_their_columns() -> None:
    """Each text a client sends is refused before it could overflow the column it lands in."""
    stories, comments, accounts = Story.__table__.c, Comment.__table__.c, Account.__table__.c
    limits = [
        (stories.key, MAX_STORY_ID_CHARS),
        (stories.url, max_length(CommentIn, "story_url")),
        (stories.title, max_length(CommentIn, "story_title")),
        (stories.title, MAX_TITLE_CHARS),
        (comments.author_name, max_length(CommentIn, "author_name")),
        (comments.author_name, MAX_AUTHOR_NAME_CHARS),
        (comments.author_email, max_length(CommentIn, "author_email")),
        (accounts.display_name, MAX_NAME_CHARS),
        (accounts.email, max_length(RegisterIn, "email")),
        (UserState.__table__.c.note, max_length(UserStateIn, "note")),
        (ModeratorNote.__table__.c.text, max_length(UserStateIn, "note")),
        (GuestBan.__table__.c.reason, max_length(GuestBanIn, "reason")),
        (SsoIdentity.__table__.c.external_id, max_length(SsoClaims, "sub")),
    ]
    for column, limit in limits:
        assert isinstance(column.type, String) and column.type.length is not None, column
        assert limit <= column.type.length, column


def max_length(model: type[BaseModel], field: str) -> int:
    return int(
        next(m.max_length for m in model.model_fields[field].metadata if hasattr(m, "max_length"))
    )


# --- The body limit: every method, announced or streamed --------------------------------------

LIMIT = 64 * 1024


@pytest.mark.parametrize(
    ("method", "path"),
    [("DELETE", "/api/v1/me"), ("GET", "/api/v1/sites/{site}/stories/story-1/comments"),
     ("POST", "/api/v1/auth/login"), ("PUT", "/api/v1/admin/users/1")],
)  # fmt: skip
async def test_a_body_over_the_limit_is_413_whatever_the_method(
    client: httpx.AsyncClient, site: str, method: str, path: str
) -> None:
    """An anonymous DELETE /me used to have 50 MB read and parsed before its 401."""
    content = b'{"password": "' + b"x" * (LIMIT + 1) + b'"}'
    response = await client.request(
        method,
        path.format(site=site),
        content=content,
        headers={"content-type": "application/json"},
    )
    assert "larger than 64 KB" in assert_error(response, 413)


class ChunkedBody:
    """A request body of `total` bytes sent in chunks, without Content-Length."""

    def __init__(self, total: int, chunk: int = 4096) -> None:
        self.total, self.chunk, self.sent = total, chunk, 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield b'{"password": "'
        while self.sent < self.total:
            self.sent += self.chunk
            yield b"x" * self.chunk
        yield b'"}'


@pytest.mark.parametrize(
    ("method", "path"),
    [("DELETE", "/api/v1/me"), ("PATCH", "/api/v1/me"), ("POST", "/api/v1/auth/login"),
     ("PUT", "/api/v1/admin/users/1")],
)  # fmt: skip
async def test_a_streamed_body_over_the_limit_is_413_unread(
    client: httpx.AsyncClient, site: str, method: str, path: str
) -> None:
    """No Content-Length to refuse up front: bytes are counted as they arrive, and reading stops
    at the limit instead of taking in 50 MB to find out."""
    body = ChunkedBody(50 * 1024 * 1024)
    response = await client.request(
        method, path, content=body, headers={"content-type": "application/json"}
    )
    assert "larger than 64 KB" in assert_error(response, 413)
    assert "content-length" not in response.request.headers
    assert body.sent <= LIMIT + 2 * body.chunk


async def test_a_streaming_answer_stops_reading_at_the_limit_without_an_error() -> None:
    """Once the answer has started a 413 can no longer be sent: the app is told the client left."""
    chunks: list[int] = []

    async def streaming(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        while (message := await receive())["type"] == "http.request":
            chunks.append(len(message.get("body", b"")))
        await send({"type": "http.response.body", "body": b"done"})

    body = ChunkedBody(LIMIT * 4)
    transport = httpx.ASGITransport(app=BodyLimit(streaming, LIMIT))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        response = await client.request("GET", "/", content=body)
    assert response.status_code == 200 and response.content == b"done"
    assert sum(chunks) <= LIMIT and body.sent <= LIMIT + 2 * body.chunk


# --- Every answer carries the security headers, early ones included ---------------------------


def assert_security_headers(response: httpx.Response) -> None:
    assert response.headers.get("x-content-type-options") == "nosniff", response.status_code
    assert "frame-ancestors" in response.headers.get("content-security-policy", "")
    assert response.headers.get("referrer-policy") == "strict-origin-when-cross-origin"


async def test_early_answers_carry_the_security_headers(
    client: httpx.AsyncClient, site: str
) -> None:
    json_type = {"content-type": "application/json"}
    too_big = b"{" + b" " * (LIMIT + 1) + b"}"
    answers = [
        await client.post("/api/v1/auth/login", content=too_big, headers=json_type),
        await client.post("/api/v1/auth/login", content=ChunkedBody(LIMIT * 2), headers=json_type),
        await client.get("/api/v1/sites/news/stories/a%00b/comments"),
        await client.get(f"/api/v1/sites/news/stories/{'k' * 300}/comments"),
        await client.get(f"/api/v1/sites/{site}/counts?story=a%00b"),
        await client.get("/api/v1/nothing-here"),
        await client.get("/no-such-page"),
        await client.put("/api/v1/auth/login", json={}),
        await client.options(
            comments_url(site, "s"), headers={"access-control-request-method": "POST"}
        ),
    ]
    assert [a.status_code for a in answers] == [413, 413, 404, 404, 422, 404, 404, 405, 204]
    for answer in answers:
        assert_security_headers(answer)


async def test_a_server_error_carries_the_security_headers_and_the_error_format(
    app: FastAPI,
) -> None:
    async def broken() -> None:
        raise RuntimeError("a bug")

    app.add_api_route("/api/v1/broken", broken)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        response = await client.get("/api/v1/broken")
    assert_error(response, 500)
    assert_security_headers(response)
