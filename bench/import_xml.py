"""Bulk import: comments/s and peak memory for a generated 100,000-comment export.

Run: `.venv/bin/python -m bench.import_xml [--comments N]` (writes bench/results/import_xml.json).
Generates a WordPress (WXR 1.2) and a Disqus export of N comments over N/100 stories, a third of
them replies, then imports each with `rejoinder import <format>` in a fresh process against a
fresh SQLite database (moderation scoring on, as always), and reads the child's peak RSS.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from bench._harness import report

PER_STORY = 100
WORDS = ("council", "budget", "school", "transport", "housing", "river", "market", "library")


def _text(n: int) -> str:
    a, b = WORDS[n % len(WORDS)], WORDS[(n // 7) % len(WORDS)]
    return f"<p>Comment {n}: the {a} plan matters more than the {b} debate.</p>"


def _comments(total: int) -> Iterator[tuple[int, int, int]]:
    """(story, comment id, parent id or 0) for `total` comments."""
    for n in range(1, total + 1):
        story = (n - 1) // PER_STORY
        first_of_story = story * PER_STORY + 1
        parent = n - 1 if n % 3 == 0 and n > first_of_story else 0
        yield story, n, parent


def write_wxr(out: IO[str], total: int) -> None:
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
              'xmlns:wp="http://wordpress.org/export/1.2/"><channel>\n')  # fmt: skip
    current = -1
    for story, n, parent in _comments(total):
        if story != current:
            out.write("</item>\n" if current >= 0 else "")
            out.write(f"<item><title>Story {story}</title><link>https://bench.example/s/{story}/"
                      f"</link><wp:post_id>{story + 1}</wp:post_id>\n")  # fmt: skip
            current = story
        out.write(
            f"<wp:comment><wp:comment_id>{n}</wp:comment_id><wp:comment_author>Reader {n % 997}"
            f"</wp:comment_author><wp:comment_author_email>r{n % 997}@bench.example"
            f"</wp:comment_author_email><wp:comment_date_gmt>2020-01-01 10:00:00"
            f"</wp:comment_date_gmt><wp:comment_content><![CDATA[{_text(n)}]]>"
            f"</wp:comment_content><wp:comment_approved>1</wp:comment_approved>"
            f"<wp:comment_type>comment</wp:comment_type><wp:comment_parent>{parent}"
            f"</wp:comment_parent></wp:comment>\n"
        )
    out.write("</item>\n</channel></rss>\n")


def write_disqus(out: IO[str], total: int) -> None:
    out.write('<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" '
              'xmlns:dsq="http://disqus.com/disqus-internals">\n')  # fmt: skip
    for story in range((total + PER_STORY - 1) // PER_STORY):
        out.write(f'<thread dsq:id="t{story}"><id /><link>https://bench.example/s/{story}/'
                  f"</link><title>Story {story}</title></thread>\n")  # fmt: skip
    for story, n, parent in _comments(total):
        parent_tag = f'<parent dsq:id="{parent}" />' if parent else ""
        out.write(
            f'<post dsq:id="{n}"><message><![CDATA[{_text(n)}]]></message>'
            f"<createdAt>2020-01-01T10:00:00Z</createdAt><isDeleted>false</isDeleted>"
            f"<isSpam>false</isSpam><author><name>Reader {n % 997}</name></author>"
            f'<thread dsq:id="t{story}" />{parent_tag}</post>\n'
        )
    out.write("</disqus>\n")


def _run(data_dir: Path, *args: str) -> tuple[float, int]:
    """Wall seconds and the child's peak RSS in KiB."""
    env = {**os.environ, "REJOINDER_DATA_DIR": str(data_dir)}
    env.pop("REJOINDER_DATABASE_URL", None)
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "rejoinder", *args], env=env,
                             stdout=subprocess.DEVNULL)  # fmt: skip
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"rejoinder {' '.join(args)} failed ({status})")
    return elapsed, usage.ru_maxrss


def measure(name: str, write: Callable[[IO[str], int], None], total: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        data_dir, export = Path(tmp) / "data", Path(tmp) / f"{name}.xml"
        with export.open("w", encoding="utf-8") as out:
            write(out, total)
        _run(data_dir, "db", "upgrade")
        _run(data_dir, "site", "create", "bench", "--origin", "https://bench.example")
        seconds, rss_kib = _run(data_dir, "import", name, str(export), "--site", "bench")
        again, _ = _run(data_dir, "import", name, str(export), "--site", "bench")
        return {
            "format": name,
            "comments": total,
            "file_mb": round(export.stat().st_size / 1e6, 1),
            "seconds": round(seconds, 1),
            "comments_per_s": round(total / seconds),
            "peak_rss_mb": round(rss_kib / 1024),
            "reimport_s": round(again, 1),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--comments", type=int, default=100_000)
    total = parser.parse_args().comments
    rows = [measure("wordpress", write_wxr, total), measure("disqus", write_disqus, total)]
    report("import_xml", rows, {"comments": total, "per_story": PER_STORY, "database": "sqlite"})


if __name__ == "__main__":
    main()
