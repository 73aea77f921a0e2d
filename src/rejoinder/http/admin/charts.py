"""Bar charts drawn on the server as SVG geometry (no script: the dashboard's CSP allows none).

`bar_chart` lays out one slot per value; a value of 0 gets no bar. The template
(`admin/_overview_chart.html`) draws it with `role="img"`, a `<title>` and a `<desc>` named by
`aria-labelledby`, and the same numbers as a table beside it for screen readers and copying.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

WIDTH = 720.0
HEIGHT = 200.0
LEFT = 36.0  # room for the scale's labels
BOTTOM = 22.0  # room for the time labels
TOP = 8.0
GAP = 0.15  # of each slot, between bars


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: int


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class BarChart:
    width: float
    height: float
    left: float
    baseline: float
    top: float
    scale_max: int
    bars: list[Bar]
    ticks: list[Tick]
    total: int
    peak: int
    peak_label: str


def nice_max(value: int) -> int:
    """The scale's top: the value rounded up to 1, 2 or 5 times a power of ten (at least 1)."""
    if value <= 1:
        return 1
    power = int(10 ** math.floor(math.log10(value)))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= value)


def _round(value: float) -> float:
    return round(value, 2)


def _same(label: str) -> str:
    return label


def _slots(count: int, min_slots: int) -> tuple[float, float]:
    """(the width of a slot, where the first begins): fewer than `min_slots` values are drawn
    as wide as that many would be, centred, rather than as one bar across the whole chart."""
    slots = max(count, min_slots, 1)
    slot = (WIDTH - LEFT) / slots
    return slot, LEFT + (slots - count) * slot / 2


def bar_chart(
    points: Sequence[tuple[str, int]],
    tick_every: int = 6,
    tick_label: Callable[[str], str] = _same,
    min_slots: int = 1,
) -> BarChart:
    """`points` are (label, value) in order; every `tick_every`-th slot is named under the axis
    (by `tick_label` of its label)."""
    values = [value for _label, value in points]
    peak = max(values, default=0)
    scale = nice_max(peak)
    plot = HEIGHT - BOTTOM - TOP
    slot, first = _slots(len(points), min_slots)
    baseline = HEIGHT - BOTTOM
    bars = [
        Bar(
            x=_round(first + index * slot + slot * GAP / 2),
            y=_round(baseline - plot * value / scale),
            width=_round(slot * (1 - GAP)),
            height=_round(plot * value / scale),
            label=label,
            value=value,
        )
        for index, (label, value) in enumerate(points)
        if value > 0
    ]
    ticks = [
        Tick(_round(first + (index + 0.5) * slot), tick_label(label))
        for index, (label, _value) in enumerate(points)
        if index % tick_every == 0
    ]
    peak_label = next((label for label, value in points if value == peak and peak), "")
    return BarChart(
        WIDTH, HEIGHT, LEFT, baseline, TOP, scale, bars, ticks, sum(values), peak, peak_label
    )


# --- a second series over the bars: shares (0..1) as a line, and marked slots -----------------


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str
    value: float


@dataclass(frozen=True)
class Mark:
    """A slot drawn as a band behind its bar (a heated interval), linked by `index`."""

    x: float
    width: float
    label: str
    index: int


def share_line(
    values: Sequence[float | None], labels: Sequence[str], min_slots: int = 1
) -> list[Point]:
    """One point per slot with a value, at its middle (the slots of `bar_chart` with the same
    `min_slots`): 0 on the baseline, 1 at the top of the plot (a share, or a score of 0..1). A
    slot without a value (None) gets no point."""
    slot, first = _slots(len(values), min_slots)
    plot = HEIGHT - BOTTOM - TOP
    baseline = HEIGHT - BOTTOM
    return [
        Point(
            _round(first + (index + 0.5) * slot),
            _round(baseline - plot * min(max(value, 0.0), 1.0)),
            label,
            value,
        )
        for index, (value, label) in enumerate(zip(values, labels, strict=True))
        if value is not None
    ]


def polyline(points: Sequence[Point]) -> str:
    """The `points` attribute of an SVG polyline through them."""
    return " ".join(f"{point.x},{point.y}" for point in points)


def marks(flags: Sequence[bool], labels: Sequence[str], min_slots: int = 1) -> list[Mark]:
    """A band over the whole height of each flagged slot."""
    slot, first = _slots(len(flags), min_slots)
    return [
        Mark(_round(first + index * slot), _round(slot), label, index)
        for index, (flag, label) in enumerate(zip(flags, labels, strict=True))
        if flag
    ]
