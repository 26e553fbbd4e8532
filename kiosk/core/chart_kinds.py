"""Every chart kind once: what content must give it (the loader's rules, in the words `kiosk check`
uses) and how its figures are laid out. The model takes its names and documentation from here, the
loader its rules, chart_layout its layout; the UI draws each kind with the view kiosk/ui/charts/
chart_view.py's CHART_VIEWS gives it. A new kind is one entry in CHART_KINDS and one view there."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.core.chart_layout import ChartLayout, lay_out_bars, lay_out_series

if TYPE_CHECKING:
    from kiosk.core.content.formatting import NumberFormatter
    from kiosk.core.content.model import Chart, Dataset, Indicator

# What a chart's content gets wrong: (the field under the chart it is about, e.g. "bars", "bars[1]",
# "series" or "scale"; the message). A chart compares like with like: its bars share one unit and count
# one kind of thing, on a linear scale (docs/copy-guide.md says why).
Complaint = tuple[str, str]


def counted(figure: Indicator) -> str:
    """What a count figure counts: its `counts`, or else its measure words (个, 家, 位), which agree for
    one kind of thing (位 and 名 are both people, so a chart of those needs `counts`)."""
    if figure.counts:
        return figure.counts
    words = "/".join(word for word in (figure.counter.values() if figure.counter else ()) if word)
    return f"counted in {words}" if words else "no measure word"


def _grouped(figures: list[Indicator], key: Callable[[Indicator], str]) -> dict[str, list[str]]:
    """Figures' ids by `key`, in the order first met."""
    groups: dict[str, list[str]] = {}
    for figure in figures:
        groups.setdefault(key(figure), []).append(figure.id)
    return groups


def _listed(groups: Mapping[str, list[str]]) -> str:
    """{'people': ['a', 'b'], 'companies': ['c']} as "people: 'a', 'b'; companies: 'c'"."""
    return "; ".join(f"{key}: {', '.join(repr(i) for i in ids)}" for key, ids in groups.items())


def _log_refused(chart: Chart) -> list[Complaint]:
    """Visitors read a bar's length as its size; on a log scale 30 academicians drew at two fifths of
    150,000 innovators. Figures that far apart are shown each on its own (docs/copy-guide.md)."""
    if chart.scale != "log":
        return []
    return [
        (
            "scale",
            f"chart '{chart.id}': a log scale is not drawn (visitors read a bar's length as its size); leave 'scale' out, "
            "and show figures of very different size as key figures or in separate charts",
        )
    ]


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
        figures = [known.get(b.indicator) for b in chart.bars]
        out += self._like_with_like(chart, [f for f in figures if f is not None])  # None: reported as a reference
        return out + _log_refused(chart) + self._zero_complaints(figures)

    def _like_with_like(self, chart: Chart, figures: list[Indicator]) -> list[Complaint]:
        """Bars are compared by length, so they must measure one thing in one unit: 150,000 innovators
        beside 200 companies says nothing about either."""
        units = _grouped(figures, lambda f: f.unit)
        if self.unit is not None and set(units) - {self.unit}:
            return [("bars", f"chart '{chart.id}': {self.name} show {self.unit} figures only, not {_listed(units)}")]
        if len(units) > 1:
            return [("bars", f"chart '{chart.id}' mixes units ({_listed(units)}): all bars must share one unit")]
        kinds = _grouped([f for f in figures if f.unit == "count"], counted)
        if len(kinds) > 1:
            message = (
                f"chart '{chart.id}' counts different kinds of thing ({_listed(kinds)}): a chart's bars must count one kind, "
                "so show these as key figures, or one chart for each kind"
            )
            if not all(f.counts for f in figures):
                message += "; if they are one kind, say so in each figure's 'counts' (people, companies, ...)"
            return [("bars", message)]
        return []

    def _zero_complaints(self, figures: list[Indicator | None]) -> list[Complaint]:
        """Bars grow from zero to the right, so none can show a figure below zero, and a chart of
        zeros has no bars."""
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
        if values and all(v == 0 for v in values):
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
        out += _log_refused(chart)
        if chart.series is None:
            out.append(("series", f"is required for a {self.name} chart"))
        elif chart.series in known and len(known[chart.series].series) < self.min_points:
            out.append(("series", f"indicator '{chart.series}' needs at least {self.min_points} series points to draw a line"))
        return out

    def layout(self, chart: Chart, dataset: Dataset, formatter: NumberFormatter, lang: str) -> ChartLayout:
        assert chart.series is not None  # the loader requires it
        return lay_out_series(chart, dataset.indicator(chart.series), formatter, lang)


RANKED_BARS = BarKind("ranked_bars", "figures of one unit and one kind of thing, longest first as listed", bars=(2, 12))
BEFORE_AFTER = BarKind("before_after", "two figures of one unit and one kind of thing, earlier first", bars=(2, 2), period_in_label=True)
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
