"""What `rejoinder import <format>` shows: a progress bar with counts and an ETA on a terminal
(rich), a plain line now and then otherwise (logs, CI), and the summary at the end."""

from __future__ import annotations

import sys
import time
from contextlib import AbstractContextManager
from types import TracebackType

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from rejoinder.domain.enums import CommentStatus
from rejoinder.domain.imported import ImportSummary

PLAIN_EVERY_SECONDS = 5.0


def counts_line(summary: ImportSummary) -> str:
    by = summary.by_status
    return (
        f"{by[CommentStatus.PUBLISHED]} published, {by[CommentStatus.PENDING]} held, "
        f"{by[CommentStatus.REJECTED]} rejected, {by[CommentStatus.DELETED]} deleted, "
        f"{summary.already_imported} already there, {sum(summary.skipped.values())} skipped, "
        f"{summary.problem_count} problems"
    )


def _short(summary: ImportSummary) -> str:
    by = summary.by_status
    return (
        f"{by[CommentStatus.PUBLISHED]} published · {by[CommentStatus.PENDING]} held · "
        f"{by[CommentStatus.REJECTED]} rejected · {sum(summary.skipped.values())} skipped · "
        f"{summary.problem_count} problems"
    )


class ImportProgress(AbstractContextManager["ImportProgress"]):
    """Call with the running summary after each batch; `expected` comments, if known, give
    the bar its length and the ETA."""

    def __init__(self, expected: int | None, *, terminal: bool | None = None) -> None:
        self.expected = expected
        self.terminal = sys.stdout.isatty() if terminal is None else terminal
        self.started = self.last_line = time.monotonic()
        self.bar: Progress | None = None
        self.task: TaskID | None = None

    def __enter__(self) -> ImportProgress:
        if self.terminal:
            self.bar = Progress(
                TextColumn("comments"),
                BarColumn(bar_width=30),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                TextColumn("{task.fields[counts]}"),
                console=Console(file=sys.stdout),
            )
            self.bar.start()
            self.task = self.bar.add_task("comments", total=self.expected, counts="")
        return self

    def __call__(self, summary: ImportSummary) -> None:
        if self.bar is not None and self.task is not None:
            self.bar.update(self.task, completed=summary.comments_seen, counts=_short(summary))
            return
        now = time.monotonic()
        if now - self.last_line >= PLAIN_EVERY_SECONDS:
            self.last_line = now
            rate = summary.comments_seen / max(now - self.started, 1e-9)
            click.echo(f"… {summary.comments_seen} comments read ({rate:.0f}/s): "
                       f"{counts_line(summary)}")  # fmt: skip

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self.bar is not None:
            self.bar.stop()


def summary_text(summary: ImportSummary, site: str, *, dry_run: bool) -> str:
    """The end of every import: what was written (or would be), skipped and wrong, and where."""
    verb = "Would import" if dry_run else "Imported"
    lines = [
        f"{verb} {summary.imported} comments into site '{site}': {counts_line(summary)}.",
        f"Stories: {summary.stories_created} created, {summary.stories_matched} matched by URL.",
        f"Flagged for review (still published, ADR 0004): {summary.flagged}.",
    ]
    lines += [f"Skipped {count}: {reason}." for reason, count in summary.skipped.most_common()]
    if summary.problem_count:
        lines.append(f"Problems ({summary.problem_count}, the rest was imported):")
        lines += [f"  {problem}" for problem in summary.problems]
        hidden = summary.problem_count - len(summary.problems)
        lines += [f"  … and {hidden} more."] if hidden else []
    if dry_run:
        lines.append("Dry run: nothing was written.")
    return "\n".join(lines)
