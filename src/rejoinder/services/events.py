"""Emitting domain events: one outbox row in the transaction of the change, then, once it has
committed, the event goes to this process's subscribers (`Runtime.events`) and to the handlers
registered for its type, which run as durable jobs.

Rolled back, nothing is emitted. A process that stops between commit and hand-off loses
nothing: the outbox row is there, and the workers' drain hands it over later; handler jobs are
written in the same transaction, so they exist exactly when the change does.

A handler may say `when` it is wanted: a check run in the emitting transaction, before its job
is written, so that work which usually has nothing to do (webhooks, for a site without
endpoints) costs the write path no job row. It must be cheap (a lookup in memory, at most an
occasional query) and, when unsure, say yes: a job that finds nothing to do costs little.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any, TypeVar

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.events import Event
from rejoinder.services import jobs
from rejoinder.services.after_commit import after_commit
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import OutboxEvent
from rejoinder.storage.repositories import outbox as outbox_repo

E = TypeVar("E", bound=Event)
EventHandler = Callable[[AsyncSession, Runtime, E], Awaitable[jobs.Delivery | None]]
Wanted = Callable[[AsyncSession, Runtime, E], Awaitable[bool]]
Hook = Callable[[AsyncSession, Runtime, E], Awaitable[None]]

# Event type → the job kinds that react to it (registered with `on` at import).
HANDLERS: defaultdict[type[Event], list[str]] = defaultdict(list)
# Job kind → its `when` check, for the handlers registered with one.
CONDITIONS: dict[str, Wanted[Event]] = {}
# Event type → what runs inside `emit`, in the emitting transaction (no job of its own).
IN_TRANSACTION: defaultdict[type[Event], list[Hook[Event]]] = defaultdict(list)
# An event not handed over after this long is taken as lost by its process (the drain's grace).
HAND_OFF_GRACE = timedelta(seconds=30)
DRAIN_BATCH = 500


def on(
    event_type: type[E],
    name: str,
    *,
    max_attempts: int = jobs.DEFAULT_ATTEMPTS,
    when: Wanted[E] | None = None,
) -> Callable[[EventHandler[E]], EventHandler[E]]:
    """Run the decorated handler as the job `event.<name>` for every committed `event_type`
    (for which `when`, if given, says yes)."""

    def register(handler: EventHandler[E]) -> EventHandler[E]:
        async def run(
            session: AsyncSession, rt: Runtime, payload: jobs.Payload
        ) -> jobs.Delivery | None:
            event = Event.load(payload["type"], payload["event"])
            assert isinstance(event, event_type)
            return await handler(session, rt, event)

        kind = f"event.{name}"
        jobs.job(kind, max_attempts=max_attempts)(run)
        HANDLERS[event_type].append(kind)
        if when is not None:
            CONDITIONS[kind] = _checked(event_type, when)
        return handler

    return register


def in_transaction(event_type: type[E]) -> Callable[[Hook[E]], Hook[E]]:
    """Run the decorated hook inside `emit`, with the change that emitted `event_type`: for
    cheap bookkeeping that must not cost a job per event (a debounced job of one's own, say)."""

    def register(hook: Hook[E]) -> Hook[E]:
        async def run(session: AsyncSession, rt: Runtime, event: Event) -> None:
            assert isinstance(event, event_type)
            await hook(session, rt, event)

        IN_TRANSACTION[event_type].append(run)
        return hook

    return register


def _checked(event_type: type[E], when: Wanted[E]) -> Wanted[Event]:
    async def wanted(session: AsyncSession, rt: Runtime, event: Event) -> bool:
        assert isinstance(event, event_type)
        return await when(session, rt, event)

    return wanted


async def emit(session: AsyncSession, rt: Runtime, event: Event) -> None:
    """Record `event` with the current transaction; it is handed over once that commits."""
    payload: dict[str, Any] = event.payload()
    row = OutboxEvent(
        type=event.name,
        payload=payload,
        request_id=structlog.contextvars.get_contextvars().get("request_id"),
        created_at=rt.now(),
    )
    outbox_repo.add(session, row)
    for event_type, kinds in HANDLERS.items():
        if isinstance(event, event_type):
            for kind in kinds:
                wanted = CONDITIONS.get(kind)
                if wanted is None or await wanted(session, rt, event):
                    await jobs.enqueue(session, rt, kind, {"type": event.name, "event": payload})
    for event_type, hooks in IN_TRANSACTION.items():
        if isinstance(event, event_type):
            for hook in hooks:
                await hook(session, rt, event)
    after_commit(session, lambda: rt.events.hand(row.id, event))


async def mark_handed(session: AsyncSession, rt: Runtime) -> None:
    """Record in the outbox what this process handed over since the last call."""
    handed = rt.events.take_handed()
    if handed:
        await outbox_repo.mark_handed(session, handed, rt.now())


async def drain(session: AsyncSession, rt: Runtime) -> int:
    """Hand over the events whose process stopped before it could (older than the grace)."""
    rows = await outbox_repo.unhanded(session, rt.now() - HAND_OFF_GRACE, DRAIN_BATCH)
    for row in rows:
        if not rt.events.is_handed(row.id):
            rt.events.hand(row.id, Event.load(row.type, dict(row.payload)))
    await mark_handed(session, rt)
    return len(rows)
