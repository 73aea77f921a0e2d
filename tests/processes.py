"""Real server processes for tests: a free port, and waiting until the server answers."""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path

import httpx


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
