"""Isso 0.14, the Python peer of the posting benchmark: installed into a throwaway virtual
environment of its own (not a project dependency), served by gunicorn with 2 sync workers and
`--preload` (without it the two workers race to create Isso's database), its guard and
moderation off."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import venv
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench._harness import wait_until_up

VENV = Path("/tmp/rejoinder-bench-isso")
PINS = ("isso==0.14.0", "gunicorn==27.0.1")
POST_PATH = "/new?uri=%2Fflood"


def _python() -> Path:
    python = VENV / "bin" / "python"
    stamp = VENV / ".installed"
    if not stamp.exists() or stamp.read_text() != " ".join(PINS):
        venv.create(VENV, with_pip=True, clear=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *PINS], check=True)
        stamp.write_text(" ".join(PINS))
    return python


@contextmanager
def isso_server(work: Path, port: int) -> Iterator[Path]:
    """Isso on 127.0.0.1:`port`, its database in `work`; yields the database's path."""
    python = _python()
    work.mkdir(parents=True, exist_ok=True)
    database = work / "isso.db"
    origin = f"http://127.0.0.1:{port}"
    config = work / "isso.cfg"
    config.write_text(
        f"[general]\ndbpath = {database}\nhost = {origin}/\n"
        "[moderation]\nenabled = false\n[guard]\nenabled = false\n"
        f"[server]\nlisten = {origin}/\n"
    )
    gunicorn = [str(python), "-m", "gunicorn", "-w", "2", "--preload", "-b", f"127.0.0.1:{port}",
                "--log-level", "warning", "isso.run"]  # fmt: skip
    env = {"ISSO_SETTINGS": str(config), "PATH": "/usr/bin:/bin"}
    process = subprocess.Popen(gunicorn, env=env, stdout=sys.stderr)
    try:
        wait_until_up(f"{origin}/?uri=%2Fflood")
        yield database
    finally:
        process.terminate()
        process.wait()


def stored(database: Path) -> int:
    with sqlite3.connect(database) as connection:
        count: int = connection.execute("SELECT count(*) FROM comments").fetchone()[0]
    return count
