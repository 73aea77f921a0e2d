"""`make bench`: every benchmark in turn; each prints a table and writes bench/results/*.json."""

from __future__ import annotations

import asyncio
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent))

from bench import page_cost, posting, queue_page, thread_read


def main() -> None:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install -y wrk (nginx too, for the comparison)")
    print("== thread read: 500-comment first page, 64 connections ==")
    thread_read.main()
    print("\n== posting: 64 connections, SQLite, moderation on ==")
    posting.main()
    print("\n== page cost: first page of 100 vs 100,000 comments ==")
    asyncio.run(page_cost.main())
    print("\n== moderator queue: first page of 1,000 held comments, SQLite and PostgreSQL ==")
    asyncio.run(queue_page.main())


if __name__ == "__main__":
    main()
