"""Measure the insight parts: `python -m rejoinder.insight.evaluate replies|viewpoints|reference`.

replies: parent accuracy among the previous 10 comments on flat discussions built from CAT
(Wikipedia talk comments with their parent's text) and from the WordPress import fixture's
threads, against the "previous comment" baseline. viewpoints: adjusted Rand index and purity
on synthetic discussions, for each representation and clustering compared in ADR 0025.
reference: what is inferred for the reference page. Tables are printed; JSON goes to
bench/results/insight-<command>.json beside the benchmarks' results.
"""

from __future__ import annotations

import csv
import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from defusedxml import ElementTree
from sklearn.metrics import adjusted_rand_score
from sklearn.preprocessing import normalize

from rejoinder.insight.analyse import analyse
from rejoinder.insight.flatten import FlatDiscussion, flatten_pairs, threads
from rejoinder.insight.model import InferredReply, InsightComment
from rejoinder.insight.replies import infer_replies, page_order
from rejoinder.insight.synthetic import Discussion, discussion
from rejoinder.insight.viewpoints import (
    OTHER,
    Clusterer,
    Vectors,
    agglomerative_by_silhouette,
    group_labels,
    hdbscan,
    kmeans_by_silhouette,
    tfidf_vectors,
)

ROOT = Path(__file__).resolve().parents[3]
CAT = ROOT.parent / "shared" / "datasets" / "cat_wikipedia_context" / "cat_large_gc.csv"
WORDPRESS = ROOT / "tests" / "fixtures" / "imports" / "wordpress-1.2.xml"
REFERENCE = ROOT / "tests" / "fixtures" / "pages" / "wire-story-with-comments.txt"
RESULTS = ROOT / "bench" / "results"
WP = "{http://wordpress.org/export/1.2/}"


def cat_pairs(path: Path = CAT, limit: int | None = None) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8") as handle:
        rows = [(r["text"].strip(), r["parent"].strip()) for r in csv.DictReader(handle)]
    pairs = [(child, parent) for child, parent in rows if child and parent]
    return pairs[:limit] if limit else pairs


def cat_discussions(pairs: Sequence[tuple[str, str]], size: int = 40) -> list[FlatDiscussion]:
    per = size * 3 // 4
    return [
        flatten_pairs(pairs[start : start + per], seed=start, size=size)
        for start in range(0, len(pairs) - per + 1, per)
    ]


def wordpress_threads(path: Path = WORDPRESS) -> list[FlatDiscussion]:
    """Each post's comments of a WordPress export, with their parents."""
    found = []
    for item in ElementTree.parse(str(path)).getroot().iter("item"):
        comments = []
        for node in item.iter(f"{WP}comment"):
            parent = int(node.findtext(f"{WP}comment_parent") or 0)
            comments.append(
                InsightComment(
                    id=int(node.findtext(f"{WP}comment_id") or 0),
                    parent_id=parent or None,
                    author=node.findtext(f"{WP}comment_author") or "",
                    text=node.findtext(f"{WP}comment_content") or "",
                    created_at=_wordpress_date(node.findtext(f"{WP}comment_date") or ""),
                )
            )
        if any(c.parent_id for c in comments):
            found.append(threads(comments))
    return found


def _wordpress_date(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:  # "0000-00-00 00:00:00" in old exports
        return datetime(2000, 1, 1)


def previous_comment(comments: Sequence[InsightComment]) -> tuple[InferredReply, ...]:
    ordered = page_order(comments)
    return tuple(
        InferredReply(c.id, ordered[i - 1].id if i else None, 1.0) for i, c in enumerate(ordered)
    )


def no_one(comments: Sequence[InsightComment]) -> tuple[InferredReply, ...]:
    return tuple(InferredReply(c.id, None, 1.0) for c in comments)


Method = Callable[[Sequence[InsightComment]], tuple[InferredReply, ...]]


def accuracy(method: Method, pages: Sequence[FlatDiscussion]) -> dict[str, Any]:
    right = replies_right = replies = total = 0
    for page in pages:
        guessed = {r.comment_id: r.parent_id for r in method(page.comments)}
        for comment_id, parent in page.truth.items():
            total += 1
            right += guessed.get(comment_id) == parent
            if parent is not None:
                replies += 1
                replies_right += guessed.get(comment_id) == parent
    return {
        "comments": total,
        "accuracy": right / total if total else 0.0,
        "replies": replies,
        "reply accuracy": replies_right / replies if replies else 0.0,
    }


def evaluate_replies(limit: int | None = None) -> list[dict[str, Any]]:
    corpora = {"CAT gc (Wikipedia talk)": cat_discussions(cat_pairs(limit=limit))}
    if WORDPRESS.exists():
        corpora["WordPress fixture threads"] = wordpress_threads()
    rows = []
    for corpus, pages in corpora.items():
        for name, method in (
            ("inferred", infer_replies),
            ("previous comment", previous_comment),
            ("no one", no_one),
        ):
            rows.append({"corpus": corpus, "method": name, **accuracy(method, pages)})
    return rows


def purity(truth: Sequence[int], predicted: Sequence[int]) -> float:
    groups: dict[int, Counter[int]] = {}
    for t, p in zip(truth, predicted, strict=True):
        groups.setdefault(p, Counter())[t] += 1
    return sum(c.most_common(1)[0][1] for c in groups.values()) / len(truth)


def _representations() -> dict[str, Callable[[list[str]], Vectors]]:
    from rejoinder.insight.encoder import Encoder

    encoder = Encoder()

    def both(texts: list[str]) -> Vectors:
        joined = np.hstack([tfidf_vectors(texts), encoder.vectors(texts)])
        return np.asarray(normalize(joined), dtype=np.float64)

    return {"tfidf+lsa": tfidf_vectors, "encoder": encoder.vectors, "both": both}


CLUSTERERS: dict[str, Clusterer] = {
    "kmeans": kmeans_by_silhouette,
    "agglomerative": agglomerative_by_silhouette,
    "hdbscan": hdbscan,
}
SYNTHETIC = ((60, 4), (150, 4), (300, 5), (1000, 5))  # (comments, positions)
SEEDS = (1, 2, 3)


def evaluate_viewpoints() -> list[dict[str, Any]]:
    rows = []
    for represent_name, represent in _representations().items():
        for size, positions in SYNTHETIC:
            made = [discussion(size, seed=seed, positions=positions) for seed in SEEDS]
            started = time.perf_counter()
            vectors = [represent([c.text for c in sorted(m.comments, key=lambda c: c.id)])
                       for m in made]  # fmt: skip
            embedding = (time.perf_counter() - started) / len(SEEDS)
            for cluster_name, clusterer in CLUSTERERS.items():
                row = _score(made, vectors, clusterer)
                row["s"] = round(row["s"] + embedding, 3)
                rows.append({"representation": represent_name, "clustering": cluster_name,
                             "comments": size, "positions": positions, **row})  # fmt: skip
    return rows


def _score(
    made: Sequence[Discussion], vectors: Sequence[Vectors], clusterer: Clusterer
) -> dict[str, Any]:
    aris, purities, seconds = [], [], 0.0
    for discussed, rows in zip(made, vectors, strict=True):
        started = time.perf_counter()
        labels = group_labels(rows, clusterer)
        seconds += time.perf_counter() - started
        truth = [discussed.truth[i] for i in sorted(discussed.truth)]
        predicted = [int(label) for label in labels]
        aris.append(adjusted_rand_score(truth, predicted))
        purities.append(purity(truth, [p if p != OTHER else -2 for p in predicted]))
    return {
        "ARI": round(float(np.mean(aris)), 3),
        "purity": round(float(np.mean(purities)), 3),
        "s": seconds / len(made),
    }


def reference_comments(path: Path = REFERENCE) -> list[InsightComment]:
    """The reference page's comments, a minute apart in page order (the dump has no times)."""
    from rejoinder.interop.importers.page_dump import parse_page

    page = parse_page(path.read_text(encoding="utf-8"))
    start = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
    return [
        InsightComment(i + 1, None, c.author, "\n".join(c.paragraphs), start + timedelta(minutes=i))
        for i, c in enumerate(page.comments)
    ]


def evaluate_reference() -> list[dict[str, Any]]:
    comments = reference_comments()
    by_id = {c.id: c for c in comments}
    insight = analyse(comments)
    baseline = {r.comment_id: r.parent_id for r in previous_comment(comments)}
    rows = []
    for reply in insight.inferred_replies:
        comment = by_id[reply.comment_id]
        parent = by_id[reply.parent_id] if reply.parent_id is not None else None
        rows.append(
            {
                "id": comment.id,
                "author": comment.author,
                "answers": f"{parent.author} #{parent.id}" if parent else "-",
                "confidence": reply.confidence,
                "previous comment": baseline[comment.id],
                "opening": comment.text[:48].replace("\n", " "),
            }
        )
    for viewpoint in insight.viewpoints:
        print(f"viewpoint {viewpoint.label!r}: share {viewpoint.share:.2f}, "
              f"representatives {viewpoint.representative_ids}")  # fmt: skip
    print(f"other: {insight.other_ids}")
    for question in insight.questions:
        print(f"question #{question.comment_id}: answers {question.answer_ids}")
    return rows


def write(name: str, rows: list[dict[str, Any]], meta: dict[str, Any]) -> None:
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"insight-{name}.json").write_text(
        json.dumps({"meta": meta, "rows": rows}, indent=1), encoding="utf-8"
    )
    columns = list(rows[0])
    print(" | ".join(columns))
    print(" | ".join("---" for _ in columns))
    for row in rows:
        print(" | ".join(f"{row[c]:.3f}" if isinstance(row[c], float) else str(row[c])
                         for c in columns))  # fmt: skip


def main(argv: Sequence[str]) -> None:
    commands: dict[str, Callable[[], list[dict[str, Any]]]] = {
        "replies": evaluate_replies,
        "viewpoints": evaluate_viewpoints,
        "reference": evaluate_reference,
    }
    if len(argv) != 1 or argv[0] not in commands:
        raise SystemExit(f"usage: python -m rejoinder.insight.evaluate {'|'.join(commands)}")
    rows = commands[argv[0]]()
    write(argv[0], rows, {"command": argv[0], "seeds": list(SEEDS), "data": str(CAT.name)})


if __name__ == "__main__":
    main(sys.argv[1:])
