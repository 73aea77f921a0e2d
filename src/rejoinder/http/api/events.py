"""A story's live updates as Server-Sent Events (docs/api.md#live-updates)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query, Request

from rejoinder.domain.errors import Unavailable
from rejoinder.http.deps import ReaderDep, RuntimeDep, SessionDep
from rejoinder.http.live import LiveStream, LiveStreams
from rejoinder.http.schemas.errors import Responses, errors
from rejoinder.services import live

router = APIRouter(tags=["live"])

EVENT_STREAM: Responses = {
    200: {
        "description": (
            "text/event-stream: `comment.published`, `comment.edited` (data: `{comment, count}`,"
            " the comment as in the comment list), `comment.removed` (`{id, count, comment}`,"
            " `comment` a tombstone or null), `comment.reactions` (`{id, like_count}`), and"
            " `refetch` (`{reason}`: load the page again). Each comment event has an `id:`;"
            " send the last one back as `Last-Event-ID` to resume."
        ),
        "content": {"text/event-stream": {"schema": {"type": "string"}}},
    }
}
LastEventId = Annotated[str | None, Header(alias="Last-Event-ID", max_length=64)]
LastEventIdQuery = Annotated[
    str | None,
    Query(max_length=64, description="As `Last-Event-ID`, for clients that cannot set headers."),
]


@router.get(
    "/sites/{site}/stories/{story}/events",
    responses={**EVENT_STREAM, **errors(404, 503)},
)
async def story_events(
    request: Request,
    site: str,
    story: str,
    session: SessionDep,
    runtime: RuntimeDep,
    reader: ReaderDep,
    last_event_id: LastEventId = None,
    after: LastEventIdQuery = None,
) -> LiveStream:
    """New, edited and removed comments and like counts of a story, as they happen."""
    settings = runtime.settings
    streams: LiveStreams = request.app.state.live_streams
    if streams.connections >= settings.live_max_connections:
        raise Unavailable("This server holds as many live readers as it may; retry soon.", 5)
    start = await live.start_stream(session, runtime, site, story, reader)
    listener = await streams.open(start, story, last_event_id or after)
    return LiveStream(
        listener,
        settings.live_retry_ms,
        settings.live_keepalive_seconds,
        settings.live_stream_seconds,
    )
