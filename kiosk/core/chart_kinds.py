"""Every chart kind once: what content must give it (the loader's rules, in the words `kiosk check`
uses) and how its figures are laid out. The model takes its names and documentation from here, the
loader its rules, chart_layout its layout; the UI draws each kind with the view kiosk/ui/charts/
chart_view.py's CHART_VIEWS gives it. A new kind is one entry in CHART_KINDS and one view there."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.core.chart_layout import ChartLayout, lay_out_bars, lay_out_series

if TYPE_CHECKING:
    from kiosk.core.content.formatting import NumberFormatter
    from kiosk.core.content.model import Chart, Dataset, Indicator

# What a chart's content gets wrong: (the field under the chart it is about, e.g. "bars", "bars[1]",
# "series" or "scale"; the message).
Complaint = tuple[str, str]


@dataclass(frozen=True)
class ChartKind:
    name: str  # as content.json spells it
    doc: str  # what it shows, for the exhibitor (`kiosk schema`, README)

    def complaints(self, chart: Chart, known: Mapping[str, Indicator]) -> list[Complaint]:
        """What this kind needs from a chart's fields and figures; `known`: every indicator by id (a
        reference to one that is not there is reported as a reference, not here)."""
        raise NotImplementedError

    def layout(self, chart: Chart, dataset: Dataset, formatter: NumberFormatter, lang: str) -> ChartLayout:
        raise NotImplementedError


@dataclass(frozen=True)
class BarKind(ChartKind):
    """Figures as horizontal bars. A chart compares: one bar says nothing a figure tile does not."""

    bars: tuple[int, int] = (2, 12)  # how many, at least and at most
    unit: str | None = None  # the one unit every figure must have (None: any, as long as they share it)
    period_in_label: bool = False  # each bar says its figure's period (the point of the chart)

    def complaints(self, chart: Chart, known: Mapping[str, Indicator]) -> list[Complaint]:
        out: list[Complaint] = []
        if chart.series is not None:
            takers = " or ".join(kind.name for kind in CHART_KINDS if isinstance(kind, SeriesKind))
            out.append(("series", f"only a {takers} chart takes 'series', not a {self.name} chart"))
        low, high = self.bars
        if not low <= len(chart.bars) <= high:
            count = f"exactly {low}" if low == high else f"{low} to {high}"
            out.append(("bars", f"a {self.name} chart needs {count} bars, not {len(chart.bars)}"))
        units = {known[b.indicator].unit for b in chart.bars if b.indicator in known}
        if self.unit is not None and units - {self.unit}:
            out.append(("bars", f"{self.name} show {self.unit} figures only"))
        elif len(units) > 1:
            out.append(("bars", f"all bars must share one unit, not {', '.join(sorted(units))}"))
        return out + self._scale_complaints(chart, [known.get(b.indicator) for b in chart.bars])

    def _scale_complaints(self, chart: Chart, figures: list[Indicator | None]) -> list[Complaint]:
        """Figures the scale cannot draw. Bars grow from zero to the right, so none can show a figure
        below zero; a log scale has no place for zero, and on figures within ten times of each other it
        only makes their differences look smaller than they are (linear shows them as they are)."""
        out: list[Complaint] = []
        for k, figure in enumerate(figures):
            if figure is not None and figure.value < 0:  # None: reported as a reference
                out.append(
                    (
                        f"bars[{k}]",
                        f"'{figure.id}' is {figure.value:g}: a bar grows from zero to the right, so a {self.name} chart "
                        "cannot show a figure below zero; show it as a figure instead",
                    )
                )
        values = [figure.value for figure in figures if figure is not None]
        if not values:
            return out
        if chart.scale == "log":
            if min(values) <= 0:
                out.append(("scale", "a log scale needs figures above zero"))
            elif max(values) / min(values) < 10:
                out.append(
                    (
                        "scale",
                        "a log scale is for figures of very different size; these are within ten times of each other "
                        f"({min(values):g} to {max(values):g}): use linear",
                    )
                )
        elif all(v == 0 for v in values):
            out.append(("bars", "every figure is 0: the chart would have no bars"))
        return out

    def layout(self, chart: Chart, dataset: Dataset, formatter: NumberFormatter, lang: str) -> ChartLayout:
        return lay_out_bars(chart, dataset, formatter, lang, period_in_label=self.period_in_label)


@dataclass(frozen=True)
class SeriesKind(ChartKind):
    """One indicator's time series as a line, on a linear scale."""

    min_points: int = 2

    def complaints(self, chart: Chart, known: Mapping[str, Indicator]) -> list[Complaint]:
        out: list[Complaint] = []
        if chart.bars:
            out.append(("bars", f"a {self.name} chart draws one indicator's series; use 'series', not 'bars'"))
        if chart.scale == "log":
            out.append(("scale", f"a {self.name} chart is drawn on a linear scale; leave 'scale' out"))
        if chart.series is None:
            out.append(("series", f"is required for a {self.name} chart"))
        elif chart.series in known and len(known[chart.series].series) < self.min_points:
            out.append(("series", f"indicator '{chart.series}' needs at least {self.min_points} series points to draw a line"))
        return out

    def layout(self, chart: Chart, dataset: Dataset, formatter: NumberFormatter, lang: str) -> ChartLayout:
        assert chart.series is not None  # the loader requires it
        return lay_out_series(chart, dataset.indicator(chart.series), formatter, lang)


RANKED_BARS = BarKind("ranked_bars", "figures of one unit, longest first as listed", bars=(2, 12))
BEFORE_AFTER = BarKind("before_after", "two figures of one unit, earlier first", bars=(2, 2), period_in_label=True)
GROWTH_BARS = BarKind("growth_bars", "percent_change figures", bars=(2, 8), unit="percent_change", period_in_label=True)
TIME_SERIES = SeriesKind("time_series", "the series of one indicator")

CHART_KINDS: tuple[ChartKind, ...] = (RANKED_BARS, BEFORE_AFTER, GROWTH_BARS, TIME_SERIES)
CHART_KIND_NAMES = tuple(kind.name for kind in CHART_KINDS)
_BY_NAME = {kind.name: kind for kind in CHART_KINDS}


def kinds_doc() -> str:
    """Chart.kind's documentation: every kind with what it shows."""
    return ", ".join(f"{kind.name} ({kind.doc})" for kind in CHART_KINDS) + "."


def kind_of(chart: Chart) -> ChartKind:
    """The kind a loaded chart is (the loader refuses a name that is none of CHART_KINDS)."""
    return _BY_NAME[chart.kind]


def layout_chart(chart: Chart, dataset: Dataset, formatter: NumberFormatter, lang: str) -> ChartLayout:
    return kind_of(chart).layout(chart, dataset, formatter, lang)
