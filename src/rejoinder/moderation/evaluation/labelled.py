"""Read a labelled CSV/TSV file for `rejoinder moderation evaluate`."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

POSITIVE = {"1", "off", "true", "yes", "toxic", "offensive"}
NEGATIVE = {"0", "not", "false", "no", "non-toxic", "none"}


def parse_label(value: str) -> bool:
    """1/0, OFF/NOT, true/false, yes/no, or a probability (>= 0.5 is positive)."""
    cleaned = value.strip().lower()
    if cleaned in POSITIVE:
        return True
    if cleaned in NEGATIVE:
        return False
    try:
        return float(cleaned) >= 0.5
    except ValueError:
        raise ValueError(f"cannot read {value!r} as a label") from None


def read_labelled(path: Path, text_column: str, label_column: str) -> tuple[list[str], list[bool]]:
    """Tab-separated for .tsv/.tab (no quoting, like OLID), comma-separated otherwise."""
    tab = path.suffix.lower() in (".tsv", ".tab")
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    texts: list[str] = []
    labels: list[bool] = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = (
            csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            if tab
            else csv.DictReader(handle)
        )
        for column in (text_column, label_column):
            if column not in (reader.fieldnames or []):
                raise ValueError(f"column {column!r} not found; columns: {reader.fieldnames}")
        for line, row in enumerate(reader, start=2):
            try:
                labels.append(parse_label(row[label_column] or ""))
            except ValueError as error:
                raise ValueError(f"{path.name} line {line}: {error}") from None
            texts.append(row[text_column] or "")
    return texts, labels
