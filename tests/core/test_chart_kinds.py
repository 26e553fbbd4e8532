"""Every chart kind says once what content must give it, in the words `kiosk check` prints, and how its
figures are laid out: bar kinds take 'bars' (each with its own count, one shared unit, figures a scale can
draw), a time series takes one indicator's 'series' on a linear scale, and a kind that is none of them is
refused by name (kiosk.core.chart_kinds)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from kiosk import resources
from kiosk.core.chart_kinds import (
    BEFORE_AFTER,
    CHART_KIND_NAMES,
    CHART_KINDS,
    GROWTH_BARS,
    RANKED_BARS,
    TIME_SERIES,
    kind_of,
    kinds_doc,
    layout_chart,
)
from kiosk.core.content import load_content
from kiosk.core.content.formatting import NumberFormatter
from kiosk.core.content.model import Bar, Chart, Dataset, Indicator, SeriesPoint, Text


@pytest.fixture(scope="module")
def bundled() -> tuple[Dataset, NumberFormatter]:
    result = load_content(resources.bundled_content_dir())
    assert result.dataset is not None and result.formatter is not None
    return result.dataset, result.formatter


def _figure(ident: str, value: float, unit: str = "count", series: tuple[float, ...] = ()) -> Indicator:
    points = tuple(SeriesPoint(str(2020 + k), v) for k, v in enumerate(series))
    return Indicator(ident, Text({"en": ident}), value, unit, "2023", "src", series=points)  # type: ignore[arg-type]


def _chart(kind: str, bars: tuple[str, ...] = (), **fields: object) -> Chart:
    return Chart("c", kind, Text({"en": "A chart"}), bars=tuple(Bar(b) for b in bars), **fields)  # type: ignore[arg-type]


def _known(*figures: Indicator) -> dict[str, Indicator]:
    return {f.id: f for f in figures}


def test_every_kind_is_named_once_and_documented_for_the_exhibitor() -> None:
    assert CHART_KIND_NAMES == ("ranked_bars", "before_after", "growth_bars", "time_series")
    assert kinds_doc() == (
        "ranked_bars (figures of one unit, longest first as listed), before_after (two figures of one unit, earlier first), "
        "growth_bars (percent_change figures), time_series (the series of one indicator)."
    )
    assert [kind_of(_chart(name)) for name in CHART_KIND_NAMES] == list(CHART_KINDS)


def test_each_bar_kind_takes_its_own_number_of_bars() -> None:
    known = _known(*(_figure(f"f{k}", 100 + k, "percent_change") for k in range(13)))
    ids = tuple(known)

    def counts(kind_name: str, n: int) -> list[tuple[str, str]]:
        chart = _chart(kind_name, ids[:n])
        return [c for c in kind_of(chart).complaints(chart, known) if c[0] == "bars"]

    assert counts("ranked_bars", 1) == [("bars", "a ranked_bars chart needs 2 to 12 bars, not 1")]
    assert counts("ranked_bars", 12) == [] and counts("ranked_bars", 2) == []
    assert counts("ranked_bars", 13) == [("bars", "a ranked_bars chart needs 2 to 12 bars, not 13")]
    assert counts("before_after", 2) == []
    assert counts("before_after", 3) == [("bars", "a before_after chart needs exactly 2 bars, not 3")]
    assert counts("growth_bars", 8) == []
    assert counts("growth_bars", 9) == [("bars", "a growth_bars chart needs 2 to 8 bars, not 9")]


def test_bars_share_one_unit_and_growth_bars_show_growth_only() -> None:
    mixed = _known(_figure("people", 5, "count"), _figure("money", 9, "yuan"))
    chart = _chart("ranked_bars", ("people", "money"))
    assert RANKED_BARS.complaints(chart, mixed) == [("bars", "all bars must share one unit, not count, yuan")]
    shares = _known(_figure("then", 5, "percent"), _figure("now", 36, "percent"))
    assert GROWTH_BARS.complaints(_chart("growth_bars", ("then", "now")), shares) == [
        ("bars", "growth_bars show percent_change figures only")
    ]
    assert BEFORE_AFTER.complaints(_chart("before_after", ("then", "now")), shares) == []
    # A bar whose indicator is not there is the loader's reference problem, not the kind's.
    assert RANKED_BARS.complaints(_chart("ranked_bars", ("then", "gone")), shares) == []


def test_a_bar_kind_refuses_a_series_and_figures_its_scale_cannot_draw() -> None:
    known = _known(_figure("low", -3), _figure("high", 40), _figure("zero", 0), _figure("zero-too", 0), _figure("big", 4000))
    assert RANKED_BARS.complaints(_chart("ranked_bars", ("low", "high"), series="high"), known) == [
        ("series", "only a time_series chart takes 'series', not a ranked_bars chart"),
        (
            "bars[0]",
            "'low' is -3: a bar grows from zero to the right, so a ranked_bars chart cannot show a figure below zero; "
            "show it as a figure instead",
        ),
    ]
    assert RANKED_BARS.complaints(_chart("ranked_bars", ("zero", "zero-too")), known) == [
        ("bars", "every figure is 0: the chart would have no bars")
    ]
    assert RANKED_BARS.complaints(_chart("ranked_bars", ("zero", "high"), scale="log"), known) == [
        ("scale", "a log scale needs figures above zero")
    ]
    assert RANKED_BARS.complaints(_chart("ranked_bars", ("high", "big"), scale="log"), known) == []
    assert RANKED_BARS.complaints(_chart("ranked_bars", ("high", "high"), scale="log"), known) == [
        ("scale", "a log scale is for figures of very different size; these are within ten times of each other (40 to 40): use linear")
    ]


def test_a_time_series_takes_one_indicators_series_of_two_points_or_more_on_a_linear_scale() -> None:
    known = _known(_figure("line", 3, series=(1, 2, 3)), _figure("dot", 3, series=(3,)), _figure("bar", 1))
    assert TIME_SERIES.complaints(_chart("time_series", series="line"), known) == []
    assert TIME_SERIES.complaints(_chart("time_series", series="dot"), known) == [
        ("series", "indicator 'dot' needs at least 2 series points to draw a line")
    ]
    assert TIME_SERIES.complaints(_chart("time_series", ("bar", "line"), scale="log"), known) == [
        ("bars", "a time_series chart draws one indicator's series; use 'series', not 'bars'"),
        ("scale", "a time_series chart is drawn on a linear scale; leave 'scale' out"),
        ("series", "is required for a time_series chart"),
    ]


def test_only_the_kinds_that_compare_periods_name_them_in_their_labels(bundled: tuple[Dataset, NumberFormatter]) -> None:
    dataset, fmt = bundled
    pair = ("green-coverage-initial", "green-coverage-now")
    before_after = layout_chart(_chart("before_after", pair), dataset, fmt, "en")
    ranked = layout_chart(_chart("ranked_bars", pair), dataset, fmt, "en")
    assert [r.label for r in ranked.rows] == ["urban green coverage", "urban green coverage"]
    assert [r.label for r in before_after.rows] == ["urban green coverage · when the area began", "urban green coverage · 2023"]
    assert [r.length for r in before_after.rows] == [r.length for r in ranked.rows] == [pytest.approx(5 / 36), 1.0]
    assert ranked.points == () and ranked.series_indicator is None


def test_a_time_series_is_laid_out_as_its_points_by_period(bundled: tuple[Dataset, NumberFormatter]) -> None:
    dataset, fmt = bundled
    figure = _figure("output", 30.0, "yuan", series=(10.0, 20.0, 30.0))
    first = replace(dataset.pillars[0], indicators=(*dataset.pillars[0].indicators, figure))
    with_series = replace(dataset, pillars=(first, *dataset.pillars[1:]))
    layout = layout_chart(_chart("time_series", series="output"), with_series, fmt, "zh")
    assert layout.rows == () and layout.series_indicator is figure
    assert layout.points == (("2020年", 10.0), ("2021年", 20.0), ("2022年", 30.0))


def test_a_kind_that_is_none_of_them_is_refused_by_name(content_copy: Path) -> None:
    content = json.loads((content_copy / "content.json").read_text(encoding="utf-8"))
    content["pillars"][0]["charts"][0]["kind"] = "pie"
    (content_copy / "content.json").write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    result = load_content(content_copy)
    assert result.dataset is None
    assert [(p.path, p.message) for p in result.problems] == [
        ("pillars[0].charts[0].kind", "must be one of ranked_bars, before_after, growth_bars, time_series, not 'pie'")
    ]
