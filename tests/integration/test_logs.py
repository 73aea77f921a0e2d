"""Logs (REJOINDER_LOG_FORMAT=json): one JSON access line per request, with its request id, and
no address, email, password or token anywhere, whatever the request carried."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from rejoinder.config import Settings
from rejoinder.platform.logs import LogFormat, configure_logging
from tests import mailbox as box
from tests.helpers import post
from tests.mailbox import PASSWORD, Mailbox, bearer, log_in, sign_up

mailbox, site = box.mailbox, box.site

READER_IP = "203.0.113.77"
EMAIL = "private.person@example.org"
GUEST_EMAIL = "guest.secret@example.net"


@pytest.fixture
def settings(database_url: str, tmp_path: Path, mailbox: Mailbox) -> Settings:
    return box.mail_settings(database_url, tmp_path, mailbox.port, log_format="json")


def json_lines(text: str) -> list[dict[str, Any]]:
    lines = [line for line in text.splitlines() if line.strip()]
    parsed = [json.loads(line) for line in lines]  # nothing else on stderr: JSON only
    assert all(isinstance(entry, dict) for entry in parsed)
    return parsed


async def test_a_sign_up_login_and_posts_log_no_personal_data(
    app: FastAPI, readers: Any, site: str, mailbox: Mailbox, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    client: httpx.AsyncClient = readers(READER_IP)
    await sign_up(client, mailbox, EMAIL, "Private Person")
    login = await log_in(client, EMAIL)
    await post(client, site, headers=bearer(login))
    await post(client, site, author_email=GUEST_EMAIL, headers={"x-request-id": "trace-42"})
    logging.getLogger("rejoinder.elsewhere").warning("a %s record", "standard-library")
    text = capsys.readouterr().err

    for secret in (READER_IP, EMAIL, GUEST_EMAIL, PASSWORD, login["token"]):
        assert secret not in text, secret
    assert "@" not in text  # no address of any kind
    entries = json_lines(text)
    access = [entry for entry in entries if entry["logger"] == "rejoinder.access"]
    routes = {entry["route"] for entry in access}
    assert {"/api/v1/auth/register", "/api/v1/auth/login"} <= routes
    for entry in access:
        assert set(entry) >= {"method", "route", "status", "duration_ms", "request_id"}
    assert [e["status"] for e in access if e["request_id"] == "trace-42"] == [201]
    assert {"event": "a standard-library record", "level": "warning"}.items() <= entries[-1].items()


async def test_the_request_id_of_the_access_line_is_the_one_answered(
    client: httpx.AsyncClient, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    answer = await client.get("/healthz")
    (entry,) = json_lines(capsys.readouterr().err)
    assert entry["request_id"] == answer.headers["x-request-id"]
    assert (entry["method"], entry["route"], entry["status"]) == ("GET", "/healthz", 200)


@pytest.mark.parametrize("log_format", ["console", "json"])
def test_a_servers_error_keeps_its_traceback(
    log_format: LogFormat, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging(log_format)
    try:
        raise RuntimeError("a bug")
    except RuntimeError:  # as uvicorn logs an exception that escaped the app
        logging.getLogger("uvicorn.error").exception("Exception in ASGI application")
    text = capsys.readouterr().err
    assert "Traceback (most recent call last)" in text and "RuntimeError: a bug" in text
    if log_format == "json":
        (entry,) = json_lines(text)
        assert entry["level"] == "error" and entry["logger"] == "uvicorn.error"
