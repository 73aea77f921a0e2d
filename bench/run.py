"""`make bench`: every benchmark in turn; each prints a table and writes bench/results/*.json."""

from __future__ import annotations

import asyncio
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent))

from bench import capacity, live_fanout, page_cost, posting, posting_cost, queue_page, thread_read


def main() -> None:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install -y wrk (nginx too, for the comparison)")
    print("== thread read: 500-comment first page, 64 connections ==")
    thread_read.main()
    print("\n== posting: 64 connections, SQLite, moderation on ==")
    posting.main()
    print("\n== posting cost: a post's CPU against the 1 ms that 1,000/s leaves ==")
    posting_cost.main()
    print("\n== page cost: first page of 100 vs 100,000 comments ==")
    asyncio.run(page_cost.main())
    print("\n== moderator queue: first page of 1,000 held comments, SQLite and PostgreSQL ==")
    asyncio.run(queue_page.main())
    print("\n== live fan-out: 10,000 streams on one process, SQLite ==")
    live_fanout.main([])
    print("\n== live fan-out: two processes on PostgreSQL + Redis, 1,000 streams each ==")
    live_fanout.main(["--processes", "2"])
    print("\n== live fan-out: two workers behind one port, PostgreSQL + Redis, 2,000 streams ==")
    live_fanout.main(["--processes", "2", "--one-port"])
    print("\n== capacity: a mixed load stepped up, SQLite and PostgreSQL + Redis, 1 and 2 ==")
    capacity.main([])


if __name__ == "__main__":
    main()
