"""What a chart shows, decided without Qt: its rows (label, bar length, value text at any moment of
the animation) or its line, in the current language. The pyqtgraph view only draws this; each kind in
kiosk.core.chart_kinds says which of these layouts it takes."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the model takes its chart kinds' names from chart_kinds, which lays them out with this
    from kiosk.core.content.formatting import NumberFormatter
    from kiosk.core.content.model import Chart, Dataset, Indicator


@dataclass(frozen=True)
class BarRow:
    indicator: Indicator
    label: str
    length: float  # 0..1 of the chart width at the end of the animation

    def value_text(self, formatter: NumberFormatter, lang: str, progress: float) -> str:
        return formatter.indicator(self.indicator, lang, value=self.indicator.value * progress)


@dataclass(frozen=True)
class ChartLayout:
    chart: Chart
    rows: tuple[BarRow, ...]
    points: tuple[tuple[str, float], ...]  # time_series: (period label, value)
    series_indicator: Indicator | None

    @property
    def line_range(self) -> tuple[float, float]:
        """time_series: the values axis, from below the lowest point (zero, unless a point is under it)
        to a quarter above the highest, where the value's label goes."""
        return line_range([value for _, value in self.points])


def _fraction(value: float) -> float:
    """0..1 of the chart width: a bar never starts left of the chart nor runs past its edge."""
    return min(1.0, max(0.0, value)) if math.isfinite(value) else 0.0


def _bar_lengths(values: list[float]) -> list[float]:
    """Each value's length, 0..1 of the chart width, on a linear scale (the only one: the loader
    refuses a log scale, kiosk.core.chart_kinds). Whatever gets past the loader, this never divides by
    zero nor draws outside the chart (a value it cannot place is an empty bar)."""
    placed = [v for v in values if math.isfinite(v)]
    top = max((abs(v) for v in placed), default=0.0)
    return [_fraction(abs(v) / top) if math.isfinite(v) and top > 0 else 0.0 for v in values]


def line_range(values: list[float]) -> tuple[float, float]:
    """A time series' values axis (low < high, both finite): zero to a quarter above the highest point,
    and down to a tenth below the lowest when a point is under zero."""
    finite = [v for v in values if math.isfinite(v)]
    low, high = min([0.0, *finite]), max([0.0, *finite])
    span = high - low
    if span == 0.0:
        return 0.0, 1.0
    bottom, top = (low - span * 0.1 if low < 0 else 0.0), high + span * 0.25
    if not (math.isfinite(bottom) and math.isfinite(top)):  # beyond what a float holds: no margin
        return low, high
    return bottom, top


def lay_out_series(chart: Chart, indicator: Indicator, formatter: NumberFormatter, lang: str) -> ChartLayout:
    points = tuple((formatter.period(p.period, lang), p.value) for p in indicator.series)
    return ChartLayout(chart, (), points, indicator)


def lay_out_bars(chart: Chart, dataset: Dataset, formatter: NumberFormatter, lang: str, *, period_in_label: bool) -> ChartLayout:
    """`period_in_label`: each bar's label ends with its figure's period."""
    figures = [dataset.indicator(bar.indicator) for bar in chart.bars]
    lengths = _bar_lengths([f.value for f in figures])
    rows = []
    for bar, ind, length in zip(chart.bars, figures, lengths, strict=True):
        label = (bar.label or ind.label).in_language(lang)
        if period_in_label:
            label = f"{label} · {formatter.period(ind.period, lang)}"
        rows.append(BarRow(ind, label, length))
    return ChartLayout(chart, tuple(rows), (), None)
