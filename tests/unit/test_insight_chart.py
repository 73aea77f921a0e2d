"""The insight page's temperature chart (http/admin/charts.py, http/admin/insight.py): bars per
interval, the flagged share and the mean toxicity as points on a 0..1 scale, heated intervals
as bands linked to their row of the table; few intervals are drawn narrow and centred."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from rejoinder.http.admin import insight
from rejoinder.http.admin.charts import HEIGHT, LEFT, TOP, WIDTH, bar_chart, marks, share_line
from rejoinder.i18n import admin_insight  # noqa: F401
from rejoinder.i18n.admin import admin_translator
from rejoinder.insight.model import InsightComment

BOTTOM_Y = HEIGHT - 22.0
START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def _interval(index: int, comments: int, flagged: int, toxicity: float | None,
              heated: bool = False, ids: tuple[int, ...] = ()) -> dict[str, Any]:  # fmt: skip
    start = START + timedelta(minutes=15 * index)
    return {
        "start": start.isoformat(), "end": (start + timedelta(minutes=15)).isoformat(),
        "comments": comments, "flagged": flagged, "mean_toxicity": toxicity,
        "heated": heated, "comment_ids": list(ids),
    }  # fmt: skip


def test_shares_run_from_the_baseline_to_the_top_at_the_bars_middles() -> None:
    chart = bar_chart([("a", 4), ("b", 0), ("c", 2)])
    points = share_line([0.0, None, 1.0], ["a", "b", "c"])
    assert [p.label for p in points] == ["a", "c"]  # no value, no point
    assert points[0].y == BOTTOM_Y and points[1].y == TOP
    first, last = chart.bars
    assert points[0].x == round(first.x + first.width / 2, 2)
    assert points[1].x == round(last.x + last.width / 2, 2)
    (band,) = marks([False, True, False], ["a", "b", "c"])
    assert band.index == 1 and band.x == round(LEFT + (WIDTH - LEFT) / 3, 2)


def test_one_interval_is_a_narrow_bar_in_the_middle() -> None:
    (bar,) = bar_chart([("only", 25)], min_slots=12).bars
    slot = (WIDTH - LEFT) / 12
    assert bar.width == round(slot * 0.85, 2)
    assert abs((bar.x + bar.width / 2) - (LEFT + (WIDTH - LEFT) / 2)) < 0.02


def test_a_heated_interval_is_marked_and_names_the_comments_that_did_it() -> None:
    payload = {"temperature": [
        _interval(0, 5, 0, 0.1), _interval(1, 8, 4, 0.7, heated=True, ids=(7, 9)),
        _interval(2, 0, 0, None),
    ]}  # fmt: skip
    comments = {
        7: InsightComment(7, None, "Dunmore", "Pathetic bunch of clowns.", START),
        9: InsightComment(9, None, "Rex", "You are all idiots.", START),
    }
    found = insight._temperature(
        admin_translator("en"), payload, insight._Comments("news", "s-1", comments)
    )
    assert [b.value for b in found["chart"].bars] == [5, 8]
    assert [m.index for m in found["marks"]] == [1]
    assert [p.value for p in found["flagged_points"]] == [0.0, 0.5]  # none for the empty one
    assert len(found["toxicity_points"]) == 2 and found["toxicity_line"].count(",") == 2
    hot = found["hot"]
    assert [c["author"] for c in hot[0]["culprits"]] == ["Dunmore", "Rex"]
    assert (
        hot[0]["culprits"][0]["link"] == "/admin/sites/news/queues/all?story=s-1&sort=oldest#item-7"
    )
    assert found["rows"][2]["flagged_share"] == insight.DASH
    assert found["rows"][1]["flagged_share"] == "50 %"
    assert "13 comments in 3 intervals" in found["desc"] and "heated intervals: 1" in found["desc"]
