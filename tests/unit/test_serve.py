"""`rejoinder serve --workers N` says when a worker would keep state to itself."""

from __future__ import annotations

from pathlib import Path

from rejoinder.cli.serve import unshared_state
from rejoinder.config import Settings


def test_several_workers_without_redis_are_told_what_they_do_not_share(tmp_path: Path) -> None:
    warning = unshared_state(Settings(data_dir=tmp_path, secret_key="k"), workers=2)
    assert warning is not None
    assert "rate limits" in warning and "live updates" in warning and "REDIS_URL" in warning


def test_one_worker_or_a_shared_redis_needs_no_warning(tmp_path: Path) -> None:
    alone = Settings(data_dir=tmp_path, secret_key="k")
    shared = Settings(data_dir=tmp_path, secret_key="k", redis_url="redis://127.0.0.1:6379/0")
    assert unshared_state(alone, workers=1) is None
    assert unshared_state(shared, workers=4) is None
