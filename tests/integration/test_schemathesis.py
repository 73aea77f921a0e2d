"""Schemathesis against a real server on each database: whatever a client sends, valid by the
OpenAPI document or not (NUL bytes, huge numbers, wrong types, unknown methods), the answer is
never a 5xx.

The server runs as its own process (`rejoinder serve`) on a database of its own, seeded with the
site `news`, a story with a comment, an admin and a reader, so that generated requests also reach
real data. The examples are bounded and derandomised: both runs take a few minutes on two cores
and fail the same way every time.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from rejoinder.app import create_app
from rejoinder.config import Settings
from tests.conftest import GENEROUS_LIMITS, ORIGIN, PG_SERVER, RELAXED, _admin, _migrate, make_site
from tests.helpers import STORY_URL
from tests.integration.signed_in import sign_in
from tests.processes import free_port, wait_until_healthy

if TYPE_CHECKING:
    # A case of an OpenAPI operation (the alias exists for type checkers only). Still spelt `Case`
    # below: with derandomize=True, Hypothesis seeds on the test's source, so renaming the
    # annotation would change which examples run.
    from schemathesis.specs.openapi.schemas import OpenApiCase as Case
else:
    from schemathesis import Case

SECRET = "schemathesis-secret-key"
SITE, STORY = "news", "story-1"
# `make test` runs a bounded sweep (15 a operation keeps the suite under 15 minutes); `make fuzz`
# a deeper one. Derandomised either way: the same count always runs the same examples.
EXAMPLES_PER_OPERATION = int(os.environ.get("REJOINDER_FUZZ_EXAMPLES", "15"))


@dataclass(frozen=True)
class Server:
    base: str
    log: Path
    admin_token: str
    reader_token: str
    comment_id: int


@dataclass(frozen=True)
class Seeded:
    admin_token: str
    reader_token: str


async def _seed(database_url: str, data_dir: Path) -> Seeded:
    """Migrate, then make the site, an admin and a reader (their bearer tokens)."""
    await _migrate(database_url)
    app = create_app(Settings(database_url=database_url, data_dir=data_dir, secret_key=SECRET))
    try:
        await make_site(app, SITE, **RELAXED)
        admin = await sign_in(app, "Fuzzing Admin", admin=True)
        reader = await sign_in(app, "Fuzzing Reader")
    finally:
        await app.state.shutdown()
    return Seeded(admin.token, reader.token)


@contextmanager
def _database(kind: str, tmp: Path) -> Iterator[str]:
    """A database of the server's own: nothing shared with the other tests of the session."""
    if kind == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp / 'fuzz.db'}"
        return
    name = f"rejoinder_fuzz_{uuid.uuid4().hex[:10]}"
    asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    try:
        yield f"{PG_SERVER}/{name}"
    finally:
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@contextmanager
def _serving(database_url: str, data_dir: Path, log: Path) -> Iterator[str]:
    port = free_port()
    env = {
        **os.environ,
        "REJOINDER_DATABASE_URL": database_url,
        "REJOINDER_DATA_DIR": str(data_dir),
        "REJOINDER_SECRET_KEY": SECRET,
        "REJOINDER_RATE_LIMITS": json.dumps(GENEROUS_LIMITS),
        "REJOINDER_MODERATION_MODE": "fast",  # no transformer: this is about input, not models
    }
    command = [sys.executable, "-m", "rejoinder", "serve", "--port", str(port)]
    with log.open("wb") as output:
        process = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_healthy(base, process, log)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def _first_comment(base: str) -> int:
    response = httpx.post(
        f"{base}/api/v1/sites/{SITE}/stories/{STORY}/comments",
        json={"body": "The first comment.", "author_name": "Reader", "story_url": STORY_URL},
        headers={"origin": ORIGIN},
    )
    assert response.status_code == 201, response.text
    comment_id: int = response.json()["id"]
    return comment_id


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp(f"fuzz-{request.param}")
    log = tmp / "server.log"
    with _database(request.param, tmp) as database_url:
        seeded = asyncio.run(_seed(database_url, tmp))
        with _serving(database_url, tmp, log) as base:
            yield Server(base, log, seeded.admin_token, seeded.reader_token, _first_comment(base))


def _openapi_document() -> dict[str, Any]:
    """The app's own document, built without a database: the tests are collected from it."""
    app = create_app(Settings(database_url="sqlite+aiosqlite:///:memory:", secret_key=SECRET))
    document: dict[str, Any] = app.openapi()
    return document


schema = schemathesis.openapi.from_dict(_openapi_document())
schema.config.generation.update(max_examples=EXAMPLES_PER_OPERATION)


def _aim_at_real_data(case: Case, server: Server) -> None:
    """About half the generated keys are swapped for ones that exist, so that requests get past
    "no such site" into the handlers; which ones depends only on the generated value."""
    known: dict[str, Any] = {"site": SITE, "story": STORY, "comment_id": server.comment_id}
    for name, value in (case.path_parameters or {}).items():
        if name in known and len(str(value)) % 2 == 0:
            case.path_parameters[name] = known[name]
    if isinstance(case.body, dict) and len(str(case.body.get("story_url"))) % 2 == 0:
        case.body["story_url"] = STORY_URL  # a story can only start on the site's own pages


def _bearer(case: Case, server: Server) -> str | None:
    """Staff routes as the admin, the reader's own routes as the reader, the rest anonymous.
    Never for signing out or deleting the account, which would end the run's sign-ins."""
    if "/moderat" in case.path or case.path.startswith("/api/v1/admin/"):
        return server.admin_token
    own = case.path.startswith("/api/v1/me") or "/me/" in case.path  # /sites/{site}/me/inbox
    if own and not (case.method == "DELETE" and case.path == "/api/v1/me"):
        return server.reader_token
    return None


@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_input_gets_a_server_error(case: Case, server: Server) -> None:
    _aim_at_real_data(case, server)
    headers = {"origin": ORIGIN}
    token = _bearer(case, server)
    if token is not None:
        headers["authorization"] = f"Bearer {token}"
    response = case.call(base_url=server.base, headers=headers, timeout=30)
    if response.status_code >= 500:
        print(_last_traceback(server.log))  # pytest shows it with the failure
    case.validate_response(response, checks=[not_a_server_error])


def _last_traceback(log: Path) -> str:
    text = log.read_text(errors="replace")
    return text[text.rfind("Traceback") :][-6000:] if "Traceback" in text else text[-2000:]
