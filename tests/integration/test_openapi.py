"""Answers match the OpenAPI document that /api/v1/openapi.json publishes, on both databases.

Every operation of the document is called, and every answer to these calls is checked against
the document as it arrives: its status must be one the operation lists, and its body must be
valid by the schema the document gives for that status (OpenAPI 3.1 schemas are JSON Schema
2020-12; `$ref`s resolve into `#/components/schemas`), or empty where it gives none. An operation
that no call reaches with a successful answer fails the test: a new endpoint needs a call here.
"""

from __future__ import annotations

import json
import re
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import jsonschema_rs
import jwt
from fastapi import FastAPI

from rejoinder.platform.counters.memory import MemoryCounters
from rejoinder.platform.rate_limits import RateLimiter
from rejoinder.services import auth, mail
from rejoinder.storage.db import session_factory
from rejoinder.storage.models import Account
from tests import mailbox as box
from tests.conftest import make_site
from tests.helpers import STORY_URL, comments_url, post
from tests.integration.signed_in import SignedIn, sign_in
from tests.mailbox import ACCOUNT_SITE, Mailbox, bearer, cookie, log_in, sign_up

mailbox, settings, site = box.mailbox, box.settings, box.site

# Served under /api/v1 but not operations of the document: the document itself, its viewer.
OUTSIDE_DOCUMENT = re.compile(r"^/api/v1/(?:openapi\.json|docs(?:/[^/]*)?)$")
DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"
ERROR_STATUSES = {400, 401, 403, 404, 409, 413, 415, 422, 429}

SSO_SECRET = "an-openapi-test-secret-of-32-bytes-at-least"
SSO = {
    "keys": [{"kid": "k1", "alg": "HS256", "secret": SSO_SECRET}],
    "issuer": "https://news.example",
    "audience": "rejoinder:sso",
}
PRE = {"moderation": {**ACCOUNT_SITE["moderation"], "mode": "pre"}}


@dataclass(frozen=True)
class Operation:
    id: str
    method: str
    path: str
    pattern: re.Pattern[str]
    responses: dict[str, Any]


def _pattern(template: str) -> re.Pattern[str]:
    """`/sites/{site}/counts` -> a pattern matching `/sites/news/counts`."""
    parts = re.split(r"\{[^}/]+\}", template)
    return re.compile("^" + "[^/]+".join(re.escape(part) for part in parts) + "$")


class Contract:
    """Checks each answer against the document and keeps which operation answered what."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.components: dict[str, Any] = document["components"]
        operations = [
            Operation(op["operationId"], method.upper(), path, _pattern(path), op["responses"])
            for path, item in document["paths"].items()
            for method, op in item.items()
        ]
        # A path with fewer parameters first: its fixed segments are the more specific match.
        self.operations = sorted(operations, key=lambda op: op.path.count("{"))
        self.answered: dict[str, set[int]] = defaultdict(set)
        self._validators: dict[str, jsonschema_rs.Validator] = {}

    def operation(self, method: str, path: str) -> Operation | None:
        return next(
            (op for op in self.operations if op.method == method and op.pattern.match(path)), None
        )

    def _validator(self, schema: dict[str, Any]) -> jsonschema_rs.Validator:
        key = json.dumps(schema, sort_keys=True)
        if key not in self._validators:
            root = {"$schema": DRAFT_2020_12, "components": self.components, **schema}
            self._validators[key] = jsonschema_rs.validator_for(root, validate_formats=True)
        return self._validators[key]

    async def check(self, response: httpx.Response) -> None:
        """An httpx response hook: runs for every answer the test's clients get."""
        request = response.request
        path = request.url.path
        if not path.startswith("/api/v1/") or OUTSIDE_DOCUMENT.match(path):
            return
        operation = self.operation(request.method, path)
        assert operation is not None, f"{request.method} {path} is no operation of the document"
        await response.aread()
        status = str(response.status_code)
        answer = f"{operation.id} answered {status}"
        listed = operation.responses.get(status)
        assert listed is not None, f"{answer}, a status the document does not list: {response.text}"
        content = listed.get("content")
        if content is None:
            assert response.content == b"", f"{answer} with a body the document does not describe"
        elif response.headers.get("content-type", "").startswith("text/event-stream"):
            assert "text/event-stream" in content, f"{answer} as a stream the document hides"
        else:
            media_type = response.headers.get("content-type", "").split(";")[0]
            assert media_type == "application/json", f"{answer} as {media_type!r}"
            schema = content["application/json"]["schema"]
            refused = [
                f"/{'/'.join(map(str, error.instance_path))}: {error.message}"
                for error in self._validator(schema).iter_errors(response.json())
            ]
            assert refused == [], f"{answer} with a body its schema refuses: {refused}"
        self.answered[operation.id].add(response.status_code)

    def watch(self, client: httpx.AsyncClient) -> httpx.AsyncClient:
        client.event_hooks = {"request": [], "response": [self.check]}
        return client


async def _call(
    client: httpx.AsyncClient,
    method: str,
    url: str,
    expect: int,
    *,
    body: Any = None,
    headers: dict[str, str] | None = None,
    params: Any = None,
) -> Any:
    """One request whose answer the contract checks; returns its JSON (None without a body)."""
    response = await client.request(method, url, json=body, headers=headers, params=params)
    assert response.status_code == expect, f"{method} {url}: {response.status_code} {response.text}"
    return response.json() if response.content else None


async def _api_token(app: FastAPI, who: SignedIn) -> dict[str, str]:
    async with session_factory(app.state.engine)() as db:
        account = await db.get(Account, who.account_id)
        assert account is not None
        _row, secret = await auth.create_api_token(db, app.state.runtime, account, "newsroom")
        await db.commit()
    return {"authorization": f"Bearer {secret}"}


@contextmanager
def _limits(app: FastAPI, limits: dict[str, str]) -> Iterator[None]:
    """The install's real limits with these overrides (the tests' generous ones put aside)."""
    before = app.state.runtime
    app.state.runtime = replace(before, limiter=RateLimiter(MemoryCounters(), limits))
    try:
        yield
    finally:
        app.state.runtime = before


def _sso_token(name: str) -> str:
    claims = {
        "sub": "openapi-1",
        "name": name,
        "iss": SSO["issuer"],
        "aud": SSO["audience"],
        "exp": int(time.time()) + 300,
    }
    return jwt.encode(claims, SSO_SECRET, algorithm="HS256", headers={"kid": "k1"})


async def test_openapi_document_is_served(client: httpx.AsyncClient) -> None:
    document = (await client.get("/api/v1/openapi.json")).json()
    paths: dict[str, Any] = document["paths"]
    assert "/api/v1/sites/{site}/stories/{story}/comments" in paths
    post_op = paths["/api/v1/sites/{site}/stories/{story}/comments"]["post"]
    assert {"201", "202", "422"} <= set(post_op["responses"])


async def test_every_error_answer_is_documented_with_the_error_body(
    client: httpx.AsyncClient,
) -> None:
    """Errors all go through http/errors.py (or the middleware's early answers): one shape."""
    document = (await client.get("/api/v1/openapi.json")).json()
    assert "HTTPValidationError" not in document["components"]["schemas"]  # never what is sent
    for path, item in document["paths"].items():
        for method, operation in item.items():
            responses: dict[str, Any] = operation["responses"]
            where = f"{method.upper()} {path}"
            assert {"404", "413", "422"} <= set(responses), where  # any request can get these
            for status, response in responses.items():
                if int(status) >= 400:
                    schema = response["content"]["application/json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/ErrorOut"}, (where, status)
            if "429" in responses:
                assert "Retry-After" in responses["429"]["headers"], where


async def test_every_operation_answers_as_the_document_says(
    app: FastAPI, client: httpx.AsyncClient, site: str, mailbox: Mailbox, readers: Any
) -> None:
    contract = Contract((await client.get("/api/v1/openapi.json")).json())
    contract.watch(client)
    other = contract.watch(readers("10.0.0.2"))
    await make_site(app, "held", **PRE)
    await make_site(app, "sso", sso=SSO, **ACCOUNT_SITE)
    admin = await sign_in(app, "Openapi Admin", admin=True)
    desk = await sign_in(app, "Openapi Desk", moderates=("news", "held"))
    ada = await sign_in(app, "Ada Reader")
    muter = await sign_in(app, "Mo Muter")

    written = await _reading_and_writing(client, other)
    await _mutes(client, ada, muter)
    await _my_data(client, mailbox, ada)
    await _inbox(client, ada, muter)
    await _call(
        client,
        "POST",
        "/api/v1/sites/sso/sso/session",
        200,
        body={"token": _sso_token("Sso Reader")},
    )
    await _moderation(app, client, written, admin, desk, ada)
    await _insight(client, desk)
    await _own_account(client, mailbox)
    await _errors(app, client, ada)

    succeeded = {op for op, statuses in contract.answered.items() if min(statuses) < 400}
    not_reached = sorted(op.id for op in contract.operations if op.id not in succeeded)
    assert not_reached == [], "operations no call here reaches: add calls for them"
    answered = {status for statuses in contract.answered.values() for status in statuses}
    assert ERROR_STATUSES - answered == set(), "an error status no call here gets"


async def _insight(client: httpx.AsyncClient, desk: SignedIn) -> None:
    """A story's discussion insight, and a moderator accepting the reply it infers."""
    either = (201, 202)  # this guest is pre-moderated by now: held, still in the insight
    question = "When does the council vote?"
    asked = await post(client, "news", "insight-1", question, author_name="Bob", expect=either)
    answer = await post(client, "news", "insight-1", "Bob: next Tuesday.", expect=either)
    url = "/api/v1/sites/news/stories/insight-1/insight"
    found = await _call(client, "GET", url, 200, headers=desk.headers)
    assert found["inferred_replies"][1]["parent_id"] == asked["id"]
    accept = f"{url}/replies/{answer['id']}/accept"
    body = {"parent_id": asked["id"]}
    await _call(client, "POST", accept, 200, body=body, headers=desk.headers)


async def _reading_and_writing(client: httpx.AsyncClient, other: httpx.AsyncClient) -> Any:
    """A guest posts, replies, reads, edits and deletes; another reader likes and reports."""
    written = await post(client, site="news", author_email="guest@example.org")
    reply = await post(client, "news", parent_id=written["id"])
    comment = f"/api/v1/sites/news/comments/{written['id']}"
    await _call(client, "GET", "/api/v1/sites/news/stories/story-1", 200)

    listed = await client.get(comments_url("news", "story-1"))
    assert listed.status_code == 200
    # The page is cached now: http/fast_reads.py answers it, with the handler's very bytes.
    await _call(client, "GET", comments_url("news", "story-1"), 200)
    etag = {"if-none-match": listed.headers["etag"]}
    await _call(client, "GET", comments_url("news", "story-1"), 304, headers=etag)
    await _call(client, "GET", f"{comment}/replies", 200)
    await _call(client, "GET", f"/api/v1/sites/news/comments/{reply['id']}", 200)
    token = {"x-edit-token": written["edit_token"]}
    await _call(client, "GET", f"{comment}/source", 200, headers=token)
    counts = {"story": ["story-1", "story-2"], "url": [STORY_URL]}
    await _call(client, "GET", "/api/v1/sites/news/counts", 200, params=counts)
    await _call(client, "POST", "/api/v1/sites/news/preview", 200, body={"body": "*Soon*"})
    await _live_stream(client)

    edit = {"body": "An edited thought, clearer now."}
    edited = await _call(client, "PATCH", comment, 200, body=edit, headers=token)
    held = await post(client, "held", expect=202)
    held_token = {"x-edit-token": held["edit_token"]}
    held_url = f"/api/v1/sites/held/comments/{held['id']}"
    await _call(client, "PATCH", held_url, 202, body=edit, headers=held_token)

    await _call(other, "POST", f"{comment}/reactions", 200, body={"kind": "like"})
    await _call(other, "DELETE", f"{comment}/reactions/like", 200)
    await _call(other, "POST", f"{comment}/reports", 201, body={"reason": "spam"})
    await _call(other, "POST", f"{comment}/reports", 409, body={"reason": "spam"})
    reply_token = {"x-edit-token": reply["edit_token"]}
    await _call(
        client, "DELETE", f"/api/v1/sites/news/comments/{reply['id']}", 204, headers=reply_token
    )
    return edited


async def _live_stream(client: httpx.AsyncClient) -> None:
    """The SSE stream, cut short: the ASGI test client reads an answer only once it ends."""
    settings = client._transport.app.state.runtime.settings  # type: ignore[attr-defined]
    settings.live_stream_seconds = 0.05
    stream = await client.get("/api/v1/sites/news/stories/story-1/events")
    assert stream.status_code == 200
    assert stream.headers["content-type"].startswith("text/event-stream")
    assert stream.text.startswith("retry: ")


async def _mutes(client: httpx.AsyncClient, ada: SignedIn, muter: SignedIn) -> None:
    """A signed-in reader mutes another: their own, uncached pages."""
    await post(client, "news", headers=ada.headers)
    mute = {"account_id": ada.account_id}
    await _call(client, "POST", "/api/v1/me/mutes", 201, body=mute, headers=muter.headers)
    await _call(client, "GET", "/api/v1/me/mutes", 200, headers=muter.headers)
    page = await _call(client, "GET", comments_url("news", "story-1"), 200, headers=muter.headers)
    assert all(item["author"]["account_id"] != ada.account_id for item in page["items"])
    first = page["items"][0]["id"]
    replies = f"/api/v1/sites/news/comments/{first}/replies"
    await _call(client, "GET", replies, 200, headers=muter.headers)
    unmute = f"/api/v1/me/mutes/{ada.account_id}"
    await _call(client, "DELETE", unmute, 204, headers=muter.headers)


async def _inbox(client: httpx.AsyncClient, ada: SignedIn, replier: SignedIn) -> None:
    """A reply to Ada's comment lands in her inbox; she reads it and marks it read."""
    mine = await post(client, "news", headers=ada.headers)
    await post(client, "news", headers=replier.headers, parent_id=mine["id"])
    await mail.drain()
    inbox = "/api/v1/sites/news/me/inbox"
    listed = await _call(client, "GET", inbox, 200, headers=ada.headers)
    assert listed["items"][0]["kind"] == "reply"
    await _call(client, "GET", f"{inbox}/unread", 200, headers=ada.headers)
    ids = {"ids": [listed["items"][0]["id"]]}
    await _call(client, "POST", f"{inbox}/read", 200, body=ids, headers=ada.headers)


async def _my_data(client: httpx.AsyncClient, mailbox: Mailbox, ada: SignedIn) -> None:
    """A reader's comments across the site, a guest's "forget me", the account deletion mail
    (refused without a confirmed address)."""
    await _call(client, "GET", "/api/v1/sites/news/me/comments", 200, headers=ada.headers)
    forget = {"email": "guest@example.org"}
    await _call(client, "POST", "/api/v1/sites/news/guests/forget", 202, body=forget)
    await _call(client, "POST", "/api/v1/me/deletion", 409, headers=ada.headers)
    email = "leaving@example.org"
    await sign_up(client, mailbox, email, "Soon Leaving")
    await _call(
        client, "POST", "/api/v1/me/deletion", 202, headers=bearer(await log_in(client, email))
    )


async def _moderation(
    app: FastAPI,
    client: httpx.AsyncClient,
    written: Any,
    admin: SignedIn,
    desk: SignedIn,
    ada: SignedIn,
) -> None:
    """A moderator's session and an admin's API token, on every staff route."""
    newsroom = await _api_token(app, admin)
    pending = await _call(
        client, "GET", "/api/v1/sites/held/moderation/queue", 200, headers=desk.headers
    )
    held = pending["items"][0]
    # These times are orjson's (`+00:00`), as this answer has always written them.
    assert held["created_at"].endswith("+00:00")
    reported = await _call(
        client,
        "GET",
        "/api/v1/sites/news/moderation/queue",
        200,
        params={"status": "reported"},
        headers=desk.headers,
    )
    assert reported["items"][0]["author"]["email"] == "guest@example.org"
    decide = f"/api/v1/sites/held/moderation/comments/{held['id']}"
    await _call(client, "POST", decide, 200, body={"action": "approve"}, headers=desk.headers)
    featured = f"/api/v1/sites/news/moderation/comments/{written['id']}/featured"
    await _call(client, "PUT", featured, 200, body={"featured": True}, headers=desk.headers)
    # The first page's `featured` box and the featured listing, as the document says them.
    page = await _call(client, "GET", comments_url("news", "story-1"), 200)
    assert [c["id"] for c in page["featured"]] == [written["id"]]
    only = {"filter": "featured"}
    await _call(client, "GET", comments_url("news", "story-1"), 200, params=only)
    # Q&A mode: the story with its experts, the comments marked, the questions' listings.
    qa_mode = "/api/v1/sites/news/moderation/stories/story-1/qa"
    on = {"enabled": True, "experts": [ada.account_id]}
    story = await _call(client, "PUT", qa_mode, 200, body=on, headers=desk.headers)
    assert story["qa"] is True and story["experts"][0]["account_id"] == ada.account_id
    questions = {"filter": "unanswered"}
    asked = await _call(client, "GET", comments_url("news", "story-1"), 200, params=questions)
    assert all(c["answered"] is False for c in asked["items"] if c["parent_id"] is None)
    await _call(client, "PUT", qa_mode, 200, body={"enabled": False}, headers=desk.headers)

    standing = f"/api/v1/sites/news/moderation/users/{ada.account_id}"
    await _call(client, "GET", standing, 200, headers=desk.headers)
    note = {"premoderated": True, "note": "Watch the links."}
    await _call(client, "PUT", standing, 200, body=note, headers=desk.headers)
    everywhere = f"/api/v1/admin/users/{ada.account_id}"
    await _call(client, "GET", everywhere, 200, headers=newsroom)
    await _call(client, "PUT", everywhere, 200, body={"premoderated": False}, headers=newsroom)

    ban = f"/api/v1/sites/news/moderation/comments/{written['id']}/ban-author"
    until = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    await _call(
        client, "POST", ban, 201, body={"until": until, "reason": "spam"}, headers=desk.headers
    )
    await _call(client, "GET", ban, 200, headers=desk.headers)
    await _call(client, "DELETE", ban, 204, headers=desk.headers)
    await _call(client, "GET", ban, 404, headers=desk.headers)
    author = f"/api/v1/sites/news/moderation/comments/{written['id']}/author"
    standing_body = {"premoderated": True, "reason": "links", "note": "Casino links."}
    await _call(client, "PUT", author, 200, body=standing_body, headers=desk.headers)
    await _call(client, "GET", author, 200, headers=desk.headers)

    moderators = "/api/v1/sites/news/moderators"
    await _call(client, "GET", moderators, 200, headers=desk.headers)
    add = {"account_id": ada.account_id}
    await _call(client, "POST", moderators, 201, body=add, headers=newsroom)
    await _call(client, "DELETE", f"{moderators}/{ada.account_id}", 204, headers=newsroom)


async def _own_account(client: httpx.AsyncClient, mailbox: Mailbox) -> None:
    """Sign-up, confirmation, sign-in, the reader's own account, reset, sign-out, deletion."""
    email = "openapi@example.org"
    await sign_up(client, mailbox, email, "Open Api")
    await _call(client, "POST", "/api/v1/auth/verify/resend", 202, body={"email": email})
    login = await log_in(client, email)
    await _call(client, "GET", "/api/v1/me", 200, headers=bearer(login))
    me = await _call(client, "GET", "/api/v1/me", 200, headers=cookie(login))
    assert me["csrf_token"] == login["csrf_token"]
    rename = {"display_name": "Open Api Renamed"}
    await _call(client, "PATCH", "/api/v1/me", 200, body=rename, headers=bearer(login))
    await _call(client, "GET", "/api/v1/me/export", 200, headers=bearer(login))
    notifications, digest = "/api/v1/me/notifications", {"reply_notifications": "digest"}
    await _call(client, "GET", notifications, 200, headers=bearer(login))
    await _call(client, "PATCH", notifications, 200, body=digest, headers=bearer(login))

    await _call(client, "POST", "/api/v1/auth/password-reset", 202, body={"email": email})
    new_password = "a newer passphrase, longer"
    reset = {"token": await mailbox.last_key(email), "password": new_password}
    await _call(client, "POST", "/api/v1/auth/password-reset/confirm", 200, body=reset)
    login = await log_in(client, email, new_password)
    await _call(client, "POST", "/api/v1/auth/logout", 204, headers=bearer(login))
    login = await log_in(client, email, new_password)
    gone = {"password": new_password}
    await _call(client, "DELETE", "/api/v1/me", 204, body=gone, headers=bearer(login))


async def _errors(app: FastAPI, client: httpx.AsyncClient, ada: SignedIn) -> None:
    """Representative failures: each one's body must be the documented error body."""
    news = comments_url("news", "story-1")
    json_type = {"content-type": "application/json"}
    preview = "/api/v1/sites/news/preview"
    malformed = await client.post(preview, content=b"{", headers=json_type)
    assert malformed.status_code == 400
    assert malformed.json()["error"]["code"] == "malformed_json"
    await _call(client, "GET", news, 400, params={"cursor": "not-a-cursor"})
    await _call(client, "GET", "/api/v1/sites/news/counts", 400)

    await _call(client, "GET", "/api/v1/me", 401)
    stale = {"authorization": "Bearer rjs_not-a-session"}
    await _call(
        client, "GET", "/api/v1/sites/news/counts", 401, params={"story": "x"}, headers=stale
    )
    await _call(client, "POST", news, 401, body={"body": "Hello"}, headers=stale)

    elsewhere = {"origin": "https://elsewhere.example"}
    await _call(client, "POST", preview, 403, body={"body": "Hi"}, headers=elsewhere)
    await _call(client, "GET", "/api/v1/sites/news/moderation/queue", 403, headers=ada.headers)

    await _call(client, "GET", "/api/v1/sites/nowhere/stories/story-1", 404)
    await _call(client, "GET", "/api/v1/sites/news/comments/999999", 404)
    await _call(client, "GET", "/api/v1/sites/news/stories/a%00b", 404)  # the URL guard

    many = {"story": [f"s{i}" for i in range(101)]}
    await _call(client, "GET", "/api/v1/sites/news/counts", 413, params=many)
    huge = await client.post(preview, content=b"x" * (65 * 1024), headers=json_type)
    assert huge.status_code == 413  # the body limit, before the app

    plain = {"content-type": "text/plain"}
    not_json = await client.post(news, content=b'{"body": "Hi"}', headers=plain)
    assert not_json.status_code == 415

    await _call(client, "POST", news, 422, body={"body": "", "author_name": "Reader"})
    await _call(client, "GET", news, 422, params={"limit": 0})
    await _call(client, "GET", "/api/v1/sites/news/stories/story-1", 422, params={"q": "\x00"})

    with _limits(app, {"preview.ip": "1/60"}):
        await _call(client, "POST", preview, 200, body={"body": "Once"})
        limited = await client.post(preview, json={"body": "Twice"})
        assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1
