"""The audit log as a file: CSV for a spreadsheet, JSON Lines for a program.

`rejoinder audit export` and the dashboard's download both write these. CSV has a header row
(`COLUMNS`), times in ISO-8601 UTC, `before`/`after` as JSON text. A spreadsheet runs a cell that
starts with `=`, `+`, `-` or `@` (or a tab or carriage return) as a formula, and a log holds
what readers wrote (names, reasons): such a cell gets a leading apostrophe, which spreadsheets
show as text and hide (OWASP "CSV injection"). JSON Lines is one JSON object per entry and line,
unchanged (no apostrophes: it is not for spreadsheets).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from rejoinder.services.audit import Entry

COLUMNS = (
    "id", "created_at", "actor", "actor_name", "action", "target_type", "target_id", "before",
    "after", "reason",
)  # fmt: skip
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _json(value: dict[str, Any] | None) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def as_record(entry: Entry) -> dict[str, Any]:
    """One entry as plain JSON values, in the columns' order."""
    return {
        "id": entry.id,
        "created_at": entry.created_at.isoformat(),
        "actor": entry.actor,
        "actor_name": entry.actor_name,
        "action": entry.action,
        "target_type": entry.target_type,
        "target_id": entry.target_id,
        "before": entry.before,
        "after": entry.after,
        "reason": entry.reason,
    }


def safe_cell(text: str) -> str:
    """A cell a spreadsheet shows as text: a would-be formula gets a leading apostrophe."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _cells(entry: Entry) -> list[str]:
    record = as_record(entry)
    record["before"], record["after"] = _json(entry.before), _json(entry.after)
    return [safe_cell(str(record[column])) for column in COLUMNS]


def as_csv(rows: Iterable[Entry]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)  # RFC 4180: CRLF line ends, quotes where needed
    writer.writerow(COLUMNS)
    writer.writerows(_cells(entry) for entry in rows)
    return out.getvalue()


def as_json_lines(rows: Iterable[Entry]) -> str:
    return "".join(
        json.dumps(as_record(entry), ensure_ascii=False, sort_keys=False) + "\n" for entry in rows
    )
