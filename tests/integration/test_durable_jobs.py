"""Mail survives the server: real `rejoinder serve` and `rejoinder worker` processes, a real SMTP
server (aiosmtpd), SQLite and PostgreSQL.

A sign-up's mail is a durable job: killing the server with SIGKILL while the mail is still queued
loses nothing, and the next process sends it exactly once. Several worker processes share the
queue without sending anything twice.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from aiosmtpd.controller import Controller
from sqlalchemy import select

from rejoinder.storage.db import create_engine, session_factory
from rejoinder.storage.models import Job
from tests.mailbox import Mailbox
from tests.processes import free_port, wait_until_healthy

ORIGIN = "https://news.example"
DEADLINE_SECONDS = 30.0


def _env(database_url: str, data_dir: Path, smtp_port: int, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "REJOINDER_DATABASE_URL": database_url,
        "REJOINDER_DATA_DIR": str(data_dir),
        "REJOINDER_SECRET_KEY": "durable-jobs-test-secret",
        "REJOINDER_MODERATION_MODE": "fast",
        "REJOINDER_SMTP_HOST": "127.0.0.1",
        "REJOINDER_SMTP_PORT": str(smtp_port),
        "REJOINDER_SMTP_STARTTLS": "false",
        "REJOINDER_JOB_RETRY_BASE_SECONDS": "1",
        "REJOINDER_JOB_POLL_SECONDS": "0.5",
        "REJOINDER_JOB_LEASE_SECONDS": "3",  # a killed worker's job is free again after 3 s
        "REJOINDER_RATE_LIMITS": '{"register.ip": "1000/60", "mail.email": "1000/60"}',
        **extra,
    }


@contextmanager
def _process(args: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("ab") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "rejoinder", *args],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=20)


@contextmanager
def _server(env: dict[str, str], log: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = free_port()
    with _process(["serve", "--port", str(port)], env, log) as process:
        base = f"http://127.0.0.1:{port}"
        wait_until_healthy(base, process, log)
        yield base, process


@contextmanager
def _smtp(port: int) -> Iterator[Mailbox]:
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


def _register(base: str, email: str, name: str) -> None:
    payload = {"email": email, "password": "correct horse battery", "display_name": name}
    answer = httpx.post(f"{base}/api/v1/auth/register", json=payload, headers={"origin": ORIGIN})
    assert answer.status_code == 202, answer.text


def _jobs(database_url: str, kind: str) -> list[Job]:
    async def read() -> list[Job]:
        engine = create_engine(database_url)
        try:
            async with session_factory(engine)() as session:
                rows = await session.execute(select(Job).where(Job.kind == kind))
                return list(rows.scalars())
        finally:
            await engine.dispose()

    return asyncio.run(read())


def _wait_for(what: str, check: object, log: Path) -> None:
    deadline = time.monotonic() + DEADLINE_SECONDS
    while time.monotonic() < deadline:
        if callable(check) and check():
            return
        time.sleep(0.2)
    raise AssertionError(f"{what} did not happen in time:\n{log.read_text()[-4000:]}")


def _recipients(box: Mailbox) -> list[str]:
    return [rcpt for rcpts, _ in box.received for rcpt in rcpts]


def test_a_mail_queued_before_kill_9_is_sent_after_restart_exactly_once(
    clean_database: str, tmp_path: Path
) -> None:
    smtp_port, log = free_port(), tmp_path / "server.log"
    env = _env(clean_database, tmp_path, smtp_port)
    # The SMTP server is down: the first attempt fails and the job waits for its retry.
    with _server(env, log) as (base, process):
        _register(base, "ann@example.org", "Ann")
        _wait_for(
            "a failed first attempt",
            lambda: [j.attempts for j in _jobs(clean_database, "mail.account")] == [1],
            log,
        )
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    [queued] = _jobs(clean_database, "mail.account")
    # Not lost with the process: waiting for its retry, or held by the dead worker until its
    # lease ends (if the kill came during the second attempt).
    assert queued.status in ("queued", "running") and queued.finished_at is None

    with _smtp(smtp_port) as box, _server(env, log):
        _wait_for("the mail", lambda: _recipients(box) == ["ann@example.org"], log)
        time.sleep(2.0)  # several more worker rounds: nothing is sent again
        assert _recipients(box) == ["ann@example.org"]
        assert "Confirm your email address" in box.received[0][1]["Subject"]
    [sent] = _jobs(clean_database, "mail.account")
    assert (sent.status, sent.payload) == ("done", {})


def test_worker_processes_share_the_queue_and_send_each_mail_once(
    clean_database: str, tmp_path: Path
) -> None:
    """`rejoinder serve` with its worker off takes the sign-ups; two `rejoinder worker`
    processes send the mails (FOR UPDATE SKIP LOCKED on PostgreSQL; one writer on SQLite)."""
    smtp_port, log = free_port(), tmp_path / "processes.log"
    env = _env(clean_database, tmp_path, smtp_port)
    readers = [f"reader{n}@example.org" for n in range(12)]
    with _smtp(smtp_port) as box:
        with _server({**env, "REJOINDER_RUN_WORKER": "false"}, log) as (base, _):
            for n, address in enumerate(readers):
                _register(base, address, f"Reader {n}")
            time.sleep(1.0)
            assert _recipients(box) == []  # the server itself runs no jobs
            with (
                _process(["worker"], env, log),
                _process(["worker", "--concurrency", "2"], env, log),
            ):
                _wait_for("every mail", lambda: len(_recipients(box)) >= len(readers), log)
                time.sleep(2.0)
        assert sorted(_recipients(box)) == sorted(readers)  # each once, none twice
    done = {j.status for j in _jobs(clean_database, "mail.account")}
    assert done == {"done"}
