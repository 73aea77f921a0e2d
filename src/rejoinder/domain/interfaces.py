"""What services need from mechanisms, as Protocols; `platform/` holds the implementations."""

from __future__ import annotations

from typing import Protocol


class Wakeup(Protocol):
    """Tells idle job workers that new work is due (in this process, or in every process)."""

    def notify(self) -> None:
        """New jobs committed in this process: wake this process's workers now."""

    async def wait(self, seconds: float) -> None:
        """Return when notified (from here or another process), or after `seconds`."""

    async def aclose(self) -> None: ...
