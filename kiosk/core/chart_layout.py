"""What a chart shows, decided without Qt: its rows (label, bar length, value text at any moment of
the animation) or its line, in the current language. The pyqtgraph view only draws this."""

from __future__ import annotations

import math
from dataclasses import dataclass

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


def _bar_lengths(values: list[float], log: bool) -> list[float]:
    if log:
        top = math.log10(max(values) * 10)  # one decade of room so the smallest bar still shows
        return [math.log10(v * 10) / top for v in values]
    top = max(abs(v) for v in values) or 1.0
    return [abs(v) / top for v in values]


def layout_chart(chart: Chart, dataset: Dataset, formatter: NumberFormatter, lang: str) -> ChartLayout:
    if chart.kind == "time_series":
        assert chart.series is not None
        ind = dataset.indicator(chart.series)
        points = tuple((formatter.period(p.period, lang), p.value) for p in ind.series)
        return ChartLayout(chart, (), points, ind)
    figures = [dataset.indicator(bar.indicator) for bar in chart.bars]
    lengths = _bar_lengths([f.value for f in figures], chart.scale == "log")
    rows = []
    for bar, ind, length in zip(chart.bars, figures, lengths, strict=True):
        label = (bar.label or ind.label).in_language(lang)
        if chart.kind in ("before_after", "growth_bars"):  # the period is the point of these charts
            label = f"{label} · {formatter.period(ind.period, lang)}"
        rows.append(BarRow(ind, label, length))
    return ChartLayout(chart, tuple(rows), (), None)
