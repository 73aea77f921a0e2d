"""Structured logs through structlog: JSON lines or console text (docs/operations.md).

Our own events go straight through structlog (an access line costs microseconds, not the
standard library's tens of them); standard-library records (uvicorn, our modules' `logging`
loggers) are rendered alike by a formatter on the root logger, so JSON means nothing but JSON.
"""

from __future__ import annotations

import logging
import sys
from typing import Any, Literal, TextIO

import orjson
import structlog
from structlog.dev import plain_traceback

LogFormat = Literal["console", "json"]
_SHARED: list[Any] = [
    structlog.contextvars.merge_contextvars,  # the request id, bound by the access log
    structlog.processors.add_log_level,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def _json(event: Any, **_options: Any) -> str:
    return orjson.dumps(event, default=str).decode()


def _renderer(log_format: LogFormat) -> list[Any]:
    if log_format == "json":
        return [structlog.processors.format_exc_info, structlog.processors.JSONRenderer(_json)]
    # Plain tracebacks whatever is installed (rich is a dev dependency only).
    return [structlog.dev.ConsoleRenderer(colors=False, exception_formatter=plain_traceback)]


class _Stderr:
    """structlog's output: each line to whatever `sys.stderr` is now (tests swap it)."""

    def msg(self, message: str) -> None:
        sys.stderr.write(message + "\n")

    debug = info = warning = error = critical = exception = msg


class _StderrHandler(logging.StreamHandler[TextIO]):
    """The standard library's records, to whatever `sys.stderr` is when they come."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


_access: Any = None


def access_logger() -> Any:
    """The logger of the access line, made once per configuration: per request it costs a
    few microseconds, not the lazy proxy's rebuilding."""
    if _access is None:  # an app wired without create_app: readable text rather than a 500
        configure_logging("console")
    return _access


def configure_logging(log_format: LogFormat) -> None:
    """Idempotent: every app of a process (tests make many) replaces the setup of the last."""
    global _access
    processors = [*_SHARED, *_renderer(log_format)]
    wrapper = structlog.make_filtering_bound_logger(logging.INFO)
    structlog.configure(
        processors=processors,
        wrapper_class=wrapper,
        logger_factory=lambda *_args: _Stderr(),
        cache_logger_on_first_use=False,  # a later configure must reach loggers made earlier
    )
    wrapped = structlog.wrap_logger(_Stderr(), processors=processors, wrapper_class=wrapper)
    _access = wrapped.bind(logger="rejoinder.access")
    handler = _StderrHandler()
    handler.set_name("rejoinder")
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=[*_SHARED, structlog.stdlib.add_logger_name],
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                *_renderer(log_format),
            ],
        )
    )
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == "rejoinder"]:
        root.removeHandler(old)
    root.addHandler(handler)
    logging.getLogger("rejoinder").setLevel(logging.INFO)
