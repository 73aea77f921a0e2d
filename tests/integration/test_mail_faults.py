"""A stalled or crawling SMTP server (issue 15), from outside: a real `rejoinder serve` on SQLite
mails its sign-ups' confirmation links to an SMTP server the test owns, which accepts the
connection and then says nothing at all, or answers every line a little under the send timeout
(so that only a deadline on the whole send ends a try). Readers sign up and ask for the link
again while eight clients post (the load of test_write_faults.py).

What holds: posting is not slowed (every post 201/202, p99 under a second); sign-ups answer at
once; each try at the mail ends within the send timeout (REJOINDER_SMTP_TIMEOUT_SECONDS, 2 s
here) and is recorded on its job, which is queued again (`SMTPTimeoutError`) rather than
holding the worker; once a working SMTP server takes the port, every mail goes out
by itself and every mail job is done: none was lost.
"""

from __future__ import annotations

import asyncio
import select
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import text

from rejoinder.storage.db import create_engine
from tests.conftest import ORIGIN, _migrate
from tests.integration.test_write_faults import (
    PostingLoad,
    _create_site,
    _post_once,
    _server_env,
    summary,
)
from tests.mailbox import Mailbox
from tests.processes import AppServer

SEND_TIMEOUT = 2.0  # REJOINDER_SMTP_TIMEOUT_SECONDS for the server under test
STALL_SECONDS = 8.0  # the posting load runs this long against the stalled SMTP server
DELIVERY_SECONDS = 20.0  # every mail has gone out this soon after SMTP works again
P99_SECONDS = 1.0
PASSWORD = "correct horse battery"
READERS = ["Ana Lopez", "Ben Okafor", "Chen Wei", "Dara Byrne"]


@dataclass
class Connection:
    opened: float
    closed: float | None = None
    lines: list[bytes] = field(default_factory=list)


class StalledSmtp:
    """An SMTP server on `port` that accepts connections and then never says a word
    (`reply_after=None`), or answers every line (the greeting too) after `reply_after` s."""

    def __init__(self, port: int, reply_after: float | None) -> None:
        self.port, self.reply_after = port, reply_after
        self.connections: list[Connection] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._sockets: list[socket.socket] = []
        self._listener = socket.create_server(("127.0.0.1", port), reuse_port=False)
        self._listener.settimeout(0.2)
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def __enter__(self) -> StalledSmtp:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        """Closes the port and every connection (the client sees the server go away)."""
        self._stop.set()
        self._thread.join(timeout=5)
        self._listener.close()
        with self._lock:
            for each in self._sockets:
                with suppress(OSError):
                    each.shutdown(socket.SHUT_RDWR)
                each.close()

    def seen(self) -> list[Connection]:
        with self._lock:
            return list(self.connections)

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            connection = Connection(time.monotonic())
            with self._lock:
                self._sockets.append(client)
                self.connections.append(connection)
            threading.Thread(target=self._serve, args=(client, connection), daemon=True).start()

    def _wait(self, client: socket.socket, seconds: float) -> bool:
        """Waits `seconds`; False as soon as the client has hung up or the test stops."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            if self._stop.is_set():
                return False
            readable, _, _ = select.select([client], [], [], min(left, 0.05))
            if readable:
                try:
                    if client.recv(1, socket.MSG_PEEK) == b"":
                        return False
                except OSError:
                    return False
                time.sleep(min(left, 0.05))  # a line sent early: read after the delay
        return True

    def _reply(self, client: socket.socket, line: bytes) -> bool:
        """Sends `line` after the delay; False when the client left meanwhile."""
        assert self.reply_after is not None
        if not self._wait(client, self.reply_after):
            return False
        try:
            client.sendall(line)
        except OSError:
            return False
        return True

    def _serve(self, client: socket.socket, connection: Connection) -> None:
        try:
            self._converse(client, connection)
        finally:
            connection.closed = time.monotonic()  # the client hung up (or the test stopped)

    def _converse(self, client: socket.socket, connection: Connection) -> None:
        buffer, in_data = b"", False
        if self.reply_after is not None and not self._reply(client, b"220 crawling ESMTP\r\n"):
            return
        while True:
            try:
                chunk = client.recv(4096)
            except OSError:
                return
            if not chunk:
                return
            buffer += chunk
            while b"\r\n" in buffer:
                line, buffer = buffer.split(b"\r\n", 1)
                connection.lines.append(line)
                if self.reply_after is None:
                    continue  # silence
                if in_data:
                    if line == b".":
                        in_data = False
                        if not self._reply(client, b"250 queued\r\n"):
                            return
                    continue
                verb = line[:4].upper()
                answer = {b"DATA": b"354 go on\r\n", b"QUIT": b"221 bye\r\n"}.get(verb)
                in_data = verb == b"DATA"
                if not self._reply(client, answer or b"250 ok\r\n"):
                    return


async def _mail_jobs(url: str) -> list[tuple[int, str, int, str | None]]:
    """Every mail job: id, status, attempts, last error."""
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                text(
                    "SELECT id, status, attempts, last_error FROM jobs "
                    "WHERE kind = 'mail.account' ORDER BY id"
                )
            )
            return [(int(r[0]), str(r[1]), int(r[2]), r[3]) for r in rows]
    finally:
        await engine.dispose()


def _address(name: str) -> str:
    return f"{name.split()[0].lower()}@readers.example"


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


@contextmanager
def _mail_server(tmp_path: Path, port: int) -> Iterator[tuple[str, AppServer]]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'mail-faults.db'}"
    asyncio.run(_migrate(url))
    env = _server_env(
        tmp_path, url,
        REJOINDER_SMTP_HOST="127.0.0.1", REJOINDER_SMTP_PORT=str(port),
        REJOINDER_SMTP_STARTTLS="false", REJOINDER_SMTP_TIMEOUT_SECONDS=str(SEND_TIMEOUT),
        REJOINDER_PUBLIC_URL=ORIGIN, REJOINDER_JOB_POLL_SECONDS="0.5",
        REJOINDER_JOB_RETRY_BASE_SECONDS="1", REJOINDER_JOB_RETRY_CAP_SECONDS="2",
    )  # fmt: skip
    _create_site(env)
    server = AppServer(env, tmp_path)
    server.start()
    try:
        yield url, server
    finally:
        server.stop()


@pytest.mark.parametrize("smtp", ["silent", "crawling"])
def test_a_stalled_smtp_server_never_slows_posting(smtp: str, tmp_path: Path) -> None:
    box = Mailbox()  # a real SMTP server, on this port once the stalled one is gone
    reply_after = None if smtp == "silent" else SEND_TIMEOUT * 0.75
    stalled = StalledSmtp(box.port, reply_after)
    with stalled, _mail_server(tmp_path, box.port) as (url, server):
        _post_once(server.base, "The first comment on the story.")
        signups: list[float] = []
        with httpx.Client(base_url=server.base, headers={"origin": ORIGIN}, timeout=8) as http:

            def ask(path: str, payload: dict[str, str]) -> None:
                started = time.monotonic()
                answer = http.post(f"/api/v1/auth/{path}", json=payload)
                signups.append(time.monotonic() - started)
                assert answer.status_code == 202, answer.text

            for name in READERS:  # their confirmation mails now wait on the stalled server
                ask("register", {"email": _address(name), "password": PASSWORD,
                                 "display_name": name})  # fmt: skip
            with PostingLoad([server.base]) as load:
                began = time.monotonic()
                n = 0
                while time.monotonic() - began < STALL_SECONDS:
                    time.sleep(1.0)  # a reader asks for the link again: one more mail
                    ask("verify/resend", {"email": _address(READERS[n % len(READERS)])})
                    n += 1
        answers = load.seen()
        stuck = asyncio.run(_mail_jobs(url))
        # What an operator sees meanwhile.
        command = [sys.executable, "-m", "rejoinder", "jobs", "list"]
        listed = subprocess.run(command, env=server.env, capture_output=True, text=True,
                                check=False, timeout=30)  # fmt: skip
        tries = stalled.seen()
        stalled.stop()

        controller = Controller(box, hostname="127.0.0.1", port=box.port)
        controller.start()
        try:
            freed = time.monotonic()
            deadline = freed + DELIVERY_SECONDS
            while True:
                jobs = asyncio.run(_mail_jobs(url))
                if jobs and all(status == "done" for _, status, _, _ in jobs):
                    break
                assert time.monotonic() < deadline, f"mail jobs not done: {jobs}"
                time.sleep(0.25)
            delivered = time.monotonic() - freed
        finally:
            controller.stop()

        seconds = [a.seconds for a in answers]
        held = [c.closed - c.opened for c in tries if c.closed is not None]
        failed = [j for j in stuck if j[2] >= 1]
        print(f"{smtp}: {len(answers)} posts, {summary(answers)}; p50 "
              f"{_percentile(seconds, 0.5) * 1000:.0f} ms, p99 "
              f"{_percentile(seconds, 0.99) * 1000:.0f} ms; {len(signups)} sign-ups and resends, "
              f"slowest {max(signups):.2f} s; {len(tries)} tries at the stalled server, longest "
              f"held {max(held, default=0):.2f} s; mail jobs after the stall: "
              f"{[(s, a, e) for _, s, a, e in stuck]}; all {len(jobs)} mail jobs done "
              f"{delivered:.1f} s after SMTP worked, {len(box.received)} mails "
              "received")  # fmt: skip
        print("rejoinder jobs list, while SMTP stalled:\n" + listed.stdout)

        # Posting did not notice.
        assert not [a for a in answers if a.failure], summary(answers)
        assert {a.status for a in answers} <= {201, 202}, summary(answers)
        assert _percentile(seconds, 0.99) < P99_SECONDS, summary(answers)
        assert max(signups) < 2.0, signups
        # The worker was not held: each try ended within the timeout (and a little), was recorded
        # on its job and queued again; several jobs were tried in the time.
        assert len(tries) >= 3, tries
        assert held and max(held) < SEND_TIMEOUT + 1.0, held
        assert failed, stuck
        for _, status, _, error in failed:
            assert status in ("queued", "running"), stuck  # not dead: tried again later
            assert error is None or "Timeout" in error or "Disconnected" in error, stuck
        assert any(error and "Timeout" in error for *_, error in failed), stuck
        # None lost: every reader got a confirmation mail once SMTP worked, one per job.
        mailed = {rcpt for rcpts, _ in box.received for rcpt in rcpts}
        assert mailed == {_address(name) for name in READERS}, mailed
        assert len(box.received) == len(jobs), (len(box.received), jobs)
        assert "(mail.account) failed, attempt 1 of 12: " in server.log.read_text()
        # `rejoinder jobs list` showed the mail waiting, tried and queued again, none dead.
        assert listed.returncode == 0, listed.stderr
        rows = [line for line in listed.stdout.splitlines() if "\tmail.account\t" in line]
        assert rows and any("Timeout" in row for row in rows), listed.stdout
        assert not [row for row in rows if "\tdead\t" in row], listed.stdout
