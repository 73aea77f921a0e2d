"""Bulk imports from other systems (ADR 0023): a stream of source records written in batches.

Every importer (interop/importers/) yields `domain.imported` records; `import_records` writes
them for one site. Threads become stories on their first comment; each comment is checked as a
new one (services/import_rows.py), scored by the moderation pipeline (a score alone flags, ADR
0004) and written with its source's time, status and like count under a stable import key, so a
second import adds nothing. A reply may come before its parent, a comment before its thread:
both wait, in memory, for what they need (exports are usually in order, so few ever wait).

Imported comments are history: no events are emitted for them (no reply mails, webhooks, live
updates or DSA statements for what happened years ago); stories' counters and page versions are
kept in step, and each decision is in the audit trail as for a new comment.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from rejoinder.domain.enums import CommentStatus, DecisionAction
from rejoinder.domain.errors import Invalid
from rejoinder.domain.imported import (
    ImportRecord,
    ImportSummary,
    SourceComment,
    SourceProblem,
    SourceSkipped,
    SourceThread,
)
from rejoinder.platform import tokens
from rejoinder.services import access, import_rows, insight, stories
from rejoinder.services import moderation as moderation_service
from rejoinder.services.after_commit import discard_effects, run_effects
from rejoinder.services.import_stories import ImportStories
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import Comment, Site, Story
from rejoinder.storage.repositories import comments as comment_repo
from rejoinder.storage.repositories import imports as import_repo
from rejoinder.storage.repositories.imports import PlacedComment, StoryImportKey

Progress = Callable[[ImportSummary], None]
BATCH_SIZE = 500  # comments per flush (and per commit): bounded memory, few round trips


@dataclass(frozen=True)
class ImportOptions:
    source: str  # "disqus", "wordpress", ...: the import keys' namespace
    allow_foreign_urls: bool = False
    dry_run: bool = False  # everything computed in one transaction, rolled back
    strict: bool = False  # one transaction; the first problem stops it and nothing is written
    batch_size: int = BATCH_SIZE


@dataclass(eq=False)
class _Pending:
    """A comment that passed its checks, with its story and keys, waiting to be written."""

    comment: SourceComment
    story: Story
    key: str
    parent_key: str | None
    source: str
    html: str

    @property
    def ref(self) -> StoryImportKey:
        return (self.story.id, self.key)

    @property
    def parent_ref(self) -> StoryImportKey | None:
        return None if self.parent_key is None else (self.story.id, self.parent_key)


@dataclass
class _Counts:
    """The counters a batch moves: visible comments per story, published replies per parent."""

    per_story: Counter[int] = field(default_factory=Counter)
    per_parent: Counter[int] = field(default_factory=Counter)


class _ImportRun:
    def __init__(
        self, session: AsyncSession, rt: Runtime, site: Site, options: ImportOptions
    ) -> None:
        self.session, self.rt, self.site, self.options = session, rt, site, options
        self.summary = ImportSummary()
        self.stories = ImportStories(site, options.allow_foreign_urls, self.summary)
        self.batch: list[_Pending] = []
        self.for_thread: defaultdict[str, list[SourceComment]] = defaultdict(list)
        self.for_parent: defaultdict[StoryImportKey, list[_Pending]] = defaultdict(list)
        self.flushed = False  # since the caller last looked: time to commit

    # Reading the stream

    async def take(self, record: ImportRecord) -> None:
        if isinstance(record, SourceThread):
            await self.take_thread(record)
        elif isinstance(record, SourceComment):
            self.summary.comments_seen += 1
            await self.take_comment(record)
        elif isinstance(record, SourceSkipped):
            self.summary.skip(record.reason)
        else:
            self.problem(record)

    def problem(self, problem: SourceProblem) -> None:
        if self.options.strict:
            raise Invalid(f"{problem} (--strict: nothing was imported).")
        self.summary.add_problem(problem)

    async def take_thread(self, thread: SourceThread) -> None:
        for ref in self.stories.add(thread):
            for comment in self.for_thread.pop(ref, []):
                await self.take_comment(comment)

    async def take_comment(self, comment: SourceComment) -> None:
        if not self.stories.knows(comment.thread):
            self.for_thread[comment.thread].append(comment)  # its thread comes later
            return
        story = await self.stories.story_for(self.session, self.rt, comment.thread)
        if isinstance(story, str):
            self.summary.skip(story)
            return
        try:
            source, html = import_rows.clean_imported_body(comment)
        except Invalid as error:
            if comment.status is not CommentStatus.DELETED:
                self.problem(SourceProblem(comment.location, error.message))
                return
            source = html = ""  # a tombstone keeps no text anyway
        parent = comment.parent_source_id.strip()
        parent_key = import_rows.import_key(self.options.source, _with_id(comment, parent))
        key = import_rows.import_key(self.options.source, comment)
        self.batch.append(
            _Pending(comment, story, key, parent_key if parent else None, source, html)
        )
        if len(self.batch) >= self.options.batch_size:
            await self.flush()

    async def finish(self) -> None:
        """Write what is left; then what still waits: for a thread never defined (a problem),
        for a parent never seen (a problem, and the reply is imported as a top-level one)."""
        while self.batch:
            await self.flush()
        for ref, comments in self.for_thread.items():
            for comment in comments:
                self.problem(SourceProblem(comment.location, f"no thread '{ref}' in the file"))
        orphans = [pending for waiting in self.for_parent.values() for pending in waiting]
        self.for_parent.clear()
        for pending in orphans:
            parent = pending.comment.parent_source_id
            message = f"reply to '{parent}', which is not in the file: imported as a top-level one"
            self.problem(SourceProblem(pending.comment.location, message))
            pending.parent_key = None
        self.batch = orphans
        while self.batch:
            await self.flush()

    async def schedule_insight(self) -> None:
        """Each story of the import gets its insight computed once, at the end (imported
        comments emit no events, so nothing else would schedule it)."""
        ids = sorted({s.id for s in self.stories.resolved.values() if isinstance(s, Story)})
        for story_id in ids:
            await insight.schedule(self.session, self.rt, story_id, delay=timedelta(0))

    # Writing a batch

    async def flush(self) -> None:
        batch, self.batch = self.batch, []
        self.flushed = True
        refs = {p.ref for p in batch} | {p.parent_ref for p in batch if p.parent_ref}
        placed = await import_repo.imported_comments(self.session, refs)
        todo = self._not_yet_imported(batch, placed)
        counts = _Counts()
        level, todo = _ready(todo, placed)
        while level:  # parents first: a reply needs its parent's id
            await self._write(level, placed, counts)
            level, todo = _ready(todo, placed)
        for pending in todo:  # the parent is neither written nor in this batch: wait for it
            assert pending.parent_ref is not None
            self.for_parent[pending.parent_ref].append(pending)
        await self._count(counts)
        for ref in placed:  # replies that waited for these can go in the next batch
            self.batch.extend(self.for_parent.pop(ref, []))

    def _not_yet_imported(
        self, batch: list[_Pending], placed: dict[StoryImportKey, PlacedComment]
    ) -> list[_Pending]:
        todo: list[_Pending] = []
        seen: set[StoryImportKey] = set()
        for pending in batch:
            if pending.ref in placed or pending.ref in seen:
                self.summary.already_imported += 1
                continue
            seen.add(pending.ref)
            todo.append(pending)
        return todo

    async def _write(
        self, level: list[_Pending], placed: dict[StoryImportKey, PlacedComment], counts: _Counts
    ) -> None:
        states = [await self._state(pending) for pending in level]
        rows = [
            self._row(
                pending, state, placed.get(pending.parent_ref) if pending.parent_ref else None
            )
            for pending, state in zip(level, states, strict=True)
        ]
        await comment_repo.add_all(self.session, rows)
        for pending, state, row in zip(level, states, rows, strict=True):
            placed[pending.ref] = PlacedComment(row.id, row.root_id or row.id, row.depth)
            self._tally(row, state, counts)
        judged = [(row, s.review) for row, s in zip(rows, states, strict=True) if s.review]
        await moderation_service.record_new(self.session, judged)

    async def _state(self, pending: _Pending) -> import_rows.ImportedState:
        if not import_rows.needs_review(pending.comment):
            return import_rows.imported_state(pending.comment, None)
        submission = moderation_service.Submission(
            text=pending.source, author_key=self._author_key(pending.comment), is_import=True
        )
        review = await moderation_service.review(
            self.session, self.rt, self.site, pending.story, submission
        )
        return import_rows.imported_state(pending.comment, review)

    def _author_key(self, comment: SourceComment) -> str:
        who = comment.author_email.strip().lower() or comment.author_name.strip()
        return tokens.identity_hash(self.rt.signing_key, "import", f"{self.options.source}:{who}")

    def _row(
        self, pending: _Pending, state: import_rows.ImportedState, parent: PlacedComment | None
    ) -> Comment:
        comment, now = pending.comment, self.rt.now()
        tombstone = state.status is CommentStatus.DELETED
        return Comment(
            site_id=self.site.id,
            story_id=pending.story.id,
            parent_id=parent.id if parent else None,
            root_id=parent.root_id if parent else None,
            depth=parent.depth + 1 if parent else 0,
            # A tombstone keeps no personal data and no text (SECURITY 14).
            author_name="" if tombstone else import_rows.author_name(comment),
            author_key=None if tombstone else self._author_key(comment),
            author_email=None if tombstone else import_rows.author_email(comment),
            body_src="" if tombstone else pending.source,
            body_html="" if tombstone else pending.html,
            status=state.status.value,
            moderation=state.review.summary() if state.review else {},
            risk=state.review.risk_value if state.review else 0.0,
            like_count=max(0, comment.like_count),
            import_key=pending.key,
            created_at=import_rows.as_utc(comment.created_at, now),
            edited_at=import_rows.as_utc(comment.edited_at, now) if comment.edited_at else None,
            featured_at=None if tombstone or not comment.featured_at
            else import_rows.as_utc(comment.featured_at, now),
        )  # fmt: skip

    def _tally(self, row: Comment, state: import_rows.ImportedState, counts: _Counts) -> None:
        self.summary.by_status[row.status] += 1
        if state.review is not None and state.review.action is DecisionAction.FLAG:
            self.summary.flagged += 1
        if row.status == CommentStatus.PUBLISHED:
            counts.per_story[row.story_id] += 1
            if row.parent_id is not None:
                counts.per_parent[row.parent_id] += 1

    async def _count(self, counts: _Counts) -> None:
        for parent_id, replies in sorted(counts.per_parent.items()):
            await comment_repo.add_to_counter(self.session, parent_id, replies=replies)
        for story_id, delta in sorted(counts.per_story.items()):
            await stories.record_change(self.session, self.rt, story_id, delta)


def _ready(
    todo: list[_Pending], placed: dict[StoryImportKey, PlacedComment]
) -> tuple[list[_Pending], list[_Pending]]:
    """(those whose parent is written, or who have none; the others)."""
    ready: list[_Pending] = []
    waiting: list[_Pending] = []
    for pending in todo:
        parent = pending.parent_ref
        (ready if parent is None or parent in placed else waiting).append(pending)
    return ready, waiting


def _with_id(comment: SourceComment, source_id: str) -> SourceComment:
    """The comment as if it had this id: the parent's key is made the same way as its own."""
    return SourceComment(source_id=source_id, thread=comment.thread, body="")


async def import_records(
    sessions: async_sessionmaker[AsyncSession],
    rt: Runtime,
    site_slug: str,
    records: Iterable[ImportRecord],
    options: ImportOptions,
    progress: Progress | None = None,
) -> ImportSummary:
    """Write an importer's records into the site; the summary of what was (or would be) done.

    Commits after every batch, so that a large import holds no long transaction and resumes
    where it stopped when run again; dry runs and strict runs are one transaction instead.
    Invalid when the records held no comment at all (SECURITY 32).
    """
    async with sessions() as session:
        site = await access.access_site(session, site_slug)
        run = _ImportRun(session, rt, site, options)
        one_transaction = options.dry_run or options.strict
        try:
            for record in records:
                await run.take(record)
                if run.flushed:
                    run.flushed = False
                    await _end_batch(session, one_transaction)
                    if progress is not None:
                        progress(run.summary)
            await run.finish()
            _check_not_empty(run.summary)
            if not options.dry_run:
                await run.schedule_insight()
        except BaseException:
            await session.rollback()
            discard_effects(session)
            raise
        if options.dry_run:
            await session.rollback()
            discard_effects(session)
        else:
            await _end_batch(session, one_transaction=False)
    if progress is not None:
        progress(run.summary)
    return run.summary


async def _end_batch(session: AsyncSession, one_transaction: bool) -> None:
    if one_transaction:
        await session.flush()
        return
    await session.commit()
    run_effects(session)


def _check_not_empty(summary: ImportSummary) -> None:
    if summary.comments_seen == 0:
        raise Invalid(
            "The file holds no comments to import: is it an export of this format, "
            "and does it contain comments?"
        )
