"""Real server processes for tests: a free port, and waiting until the server answers."""

from __future__ import annotations

import errno
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_until_healthy(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    """Returns once `/healthz` answers 200; fails with the server's log if it never does."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    if process.poll() is None:
        process.kill()
        process.wait()
    raise AssertionError(f"server at {base} did not start:\n{log.read_text()}")


@contextmanager
def app_servers(env: dict[str, str], workdir: Path, count: int) -> Iterator[list[str]]:
    """`count` real `rejoinder serve` processes of one environment; their base URLs."""
    started: list[tuple[str, subprocess.Popen[bytes], Path]] = []
    try:
        for n in range(count):
            port, log = free_port(), workdir / f"server-{n}.log"
            command = [sys.executable, "-m", "rejoinder", "serve", "--port", str(port)]
            with log.open("wb") as output:
                process = subprocess.Popen(
                    command, env=env, stdout=output, stderr=subprocess.STDOUT
                )
            started.append((f"http://127.0.0.1:{port}", process, log))
        for base, process, log in started:
            wait_until_healthy(base, process, log)
        yield [base for base, _, _ in started]
    finally:
        for _, process, _ in started:
            process.terminate()
            process.wait(timeout=15)


class RedisServer:
    """A Redis of the test's own on a free port (keeping nothing on disk), to stop and restart."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._workdir = workdir
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                   "--save", "", "--appendonly", "no", "--dir", str(self._workdir)]  # fmt: skip
        self._process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise AssertionError("redis-server did not start")

    def stop(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.wait(timeout=10)
            self._process = None


class AppServer:
    """One real `rejoinder serve` on a port of its own, to `kill -9` and start again on the same
    port and database (its output is appended to `workdir/name.log` across starts)."""

    def __init__(self, env: dict[str, str], workdir: Path, name: str = "server") -> None:
        self.env = env
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = workdir / f"{name}.log"
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = [sys.executable, "-m", "rejoinder", "serve", "--port", str(self.port)]
        with self.log.open("ab") as output:
            self._process = subprocess.Popen(
                command, env=self.env, stdout=output, stderr=subprocess.STDOUT
            )
        wait_until_healthy(self.base, self._process, self.log)

    def running(self) -> bool:
        """Started, and has not exited since."""
        return self._process is not None and self._process.poll() is None

    def kill(self) -> None:
        """SIGKILL: no shutdown, no flush, whatever the server was doing."""
        if self._process is not None:
            self._process.kill()
            self._process.wait(timeout=10)
            self._process = None

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=10)
            self._process = None


@contextmanager
def small_disk(directory: Path, megabytes: int) -> Iterator[Path]:
    """A tmpfs of `megabytes` mounted at `directory` (made if need be), unmounted afterwards.

    Skips the test where mounting is not allowed (not root, no CAP_SYS_ADMIN in a container)."""
    if shutil.which("mount") is None or os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root and the mount command")
    directory.mkdir(parents=True, exist_ok=True)
    options = f"size={megabytes}m,mode=0755"
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(directory)],
                             capture_output=True, text=True, check=False)  # fmt: skip
    if mounted.returncode != 0:
        pytest.skip(f"this machine does not allow mounting a tmpfs: {mounted.stderr.strip()}")
    try:
        yield directory
    finally:
        unmounted = subprocess.run(["umount", str(directory)], capture_output=True, check=False)
        if unmounted.returncode != 0:  # something still holds a file there: detach it anyway
            subprocess.run(["umount", "--lazy", str(directory)], capture_output=True, check=False)


def fill_disk(path: Path, chunk: int = 1 << 20) -> int:
    """Writes `path` until its file system has no space left (ENOSPC); the bytes written.

    Large chunks first, then smaller ones, so that not even a page is left over."""
    written = 0
    with path.open("wb", buffering=0) as filler:
        while chunk >= 512:
            try:
                written += filler.write(b"\0" * chunk)
            except OSError as error:
                if error.errno != errno.ENOSPC:
                    raise
                chunk //= 4
    return written
