"""Every chart kind says once what content must give it, in the words `kiosk check` prints, and how its
figures are laid out: bar kinds take 'bars' (each with its own count, one shared unit and one kind of thing,
figures a bar can draw), no chart takes a log scale, a time series takes one indicator's 'series', and a kind that is none of them is
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


def _figure(
    ident: str, value: float, unit: str = "count", series: tuple[float, ...] = (), counts: str | None = None, counter: str | None = None
) -> Indicator:
    points = tuple(SeriesPoint(str(2020 + k), v) for k, v in enumerate(series))
    words = Text({"zh": counter, "en": ""}) if counter is not None else None
    return Indicator(ident, Text({"en": ident}), value, unit, "2023", "src", series=points, counts=counts, counter=words)  # type: ignore[arg-type]


def _chart(kind: str, bars: tuple[str, ...] = (), **fields: object) -> Chart:
    return Chart("c", kind, Text({"en": "A chart"}), bars=tuple(Bar(b) for b in bars), **fields)  # type: ignore[arg-type]


def _known(*figures: Indicator) -> dict[str, Indicator]:
    return {f.id: f for f in figures}


def test_every_kind_is_named_once_and_documented_for_the_exhibitor() -> None:
    assert CHART_KIND_NAMES == ("ranked_bars", "before_after", "growth_bars", "time_series")
    assert kinds_doc() == (
        "ranked_bars (figures of one unit and one kind of thing, longest first as listed), "
        "before_after (two figures of one unit and one kind of thing, earlier first), "
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
    assert RANKED_BARS.complaints(chart, mixed) == [
        ("bars", "chart 'c' mixes units (count: 'people'; yuan: 'money'): all bars must share one unit")
    ]
    shares = _known(_figure("then", 5, "percent"), _figure("now", 36, "percent"))
    assert GROWTH_BARS.complaints(_chart("growth_bars", ("then", "now")), shares) == [
        ("bars", "chart 'c': growth_bars show percent_change figures only, not percent: 'then', 'now'")
    ]
    assert BEFORE_AFTER.complaints(_chart("before_after", ("then", "now")), shares) == []
    # A bar whose indicator is not there is the loader's reference problem, not the kind's.
    assert RANKED_BARS.complaints(_chart("ranked_bars", ("then", "gone")), shares) == []


def test_a_bar_kind_refuses_a_series_and_figures_a_bar_cannot_draw() -> None:
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


LOG_REFUSED = (
    "scale",
    "chart 'c': a log scale is not drawn (visitors read a bar's length as its size); leave 'scale' out, "
    "and show figures of very different size as key figures or in separate charts",
)


def test_no_chart_takes_a_log_scale() -> None:
    """30 academicians drew at two fifths of 150,000 innovators, with no gridline to say why."""
    known = _known(_figure("many", 150_000, counts="people"), _figure("few", 30, counts="people"))
    assert RANKED_BARS.complaints(_chart("ranked_bars", ("many", "few"), scale="log"), known) == [LOG_REFUSED]
    assert RANKED_BARS.complaints(_chart("ranked_bars", ("many", "few")), known) == []
    assert RANKED_BARS.complaints(_chart("ranked_bars", ("many", "few"), scale="linear"), known) == []


def test_bars_count_one_kind_of_thing() -> None:
    """'counts' says what a count counts; without it the measure words stand in (家 is not 个)."""
    known = _known(
        _figure("innovators", 150_000, counts="people", counter=""),
        _figure("academicians", 30, counts="people", counter="位"),
        _figure("experts", 100, counts="people", counter="名"),
        _figure("companies", 200, counts="companies", counter="家"),
        _figure("platforms", 168, counts="platforms", counter="个"),
        _figure("firms", 108, counter="家"),
        _figure("sites", 12, counter="家"),
        _figure("projects", 168, counter="个"),
    )
    mixed = _chart("ranked_bars", ("innovators", "companies", "platforms", "experts", "academicians"))
    assert RANKED_BARS.complaints(mixed, known) == [
        (
            "bars",
            "chart 'c' counts different kinds of thing (people: 'innovators', 'experts', 'academicians'; companies: 'companies'; "
            "platforms: 'platforms'): a chart's bars must count one kind, so show these as key figures, or one chart for each kind",
        )
    ]
    assert RANKED_BARS.complaints(_chart("ranked_bars", ("innovators", "experts", "academicians")), known) == []  # 位 and 名: people
    assert RANKED_BARS.complaints(_chart("ranked_bars", ("firms", "sites")), known) == []  # content from before 'counts'
    assert RANKED_BARS.complaints(_chart("ranked_bars", ("firms", "projects")), known) == [
        (
            "bars",
            "chart 'c' counts different kinds of thing (counted in 家: 'firms'; counted in 个: 'projects'): a chart's bars must count "
            "one kind, so show these as key figures, or one chart for each kind; if they are one kind, say so in each figure's "
            "'counts' (people, companies, ...)",
        )
    ]


def test_a_time_series_takes_one_indicators_series_of_two_points_or_more_on_a_linear_scale() -> None:
    known = _known(_figure("line", 3, series=(1, 2, 3)), _figure("dot", 3, series=(3,)), _figure("bar", 1))
    assert TIME_SERIES.complaints(_chart("time_series", series="line"), known) == []
    assert TIME_SERIES.complaints(_chart("time_series", series="dot"), known) == [
        ("series", "indicator 'dot' needs at least 2 series points to draw a line")
    ]
    assert TIME_SERIES.complaints(_chart("time_series", ("bar", "line"), scale="log"), known) == [
        ("bars", "a time_series chart draws one indicator's series; use 'series', not 'bars'"),
        LOG_REFUSED,
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


def test_the_bundled_charts_compare_like_with_like(bundled: tuple[Dataset, NumberFormatter]) -> None:
    """Every bundled count says what it counts, and every chart's bars share a unit and a kind of thing,
    on a linear scale (the innovation page's figures of many kinds are tiles, not bars)."""
    dataset, _ = bundled
    figures = {ind.id: ind for page in dataset.pages for ind in page.indicators}
    assert all(f.counts for f in figures.values() if f.unit == "count")
    for chart in (c for page in dataset.pages for c in page.charts):
        bars = [figures[bar.indicator] for bar in chart.bars]
        assert chart.scale == "linear" and len({(f.unit, f.counts) for f in bars}) <= 1, chart.id
    innovation = next(page for page in dataset.pillars if page.id == "innovation")
    assert [c.id for c in innovation.charts] == ["incubation-growth"]
    assert innovation.key_figures == ("innovation-platforms", "innovative-enterprises", "academicians", "innovation-talents")
