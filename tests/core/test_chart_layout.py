"""Chart layout: bars in order and to scale, log scales that keep small figures visible, ranges that are
always ranges, whatever gets past the loader (kiosk.core.chart_layout, kiosk.core.chart_kinds)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk import resources
from kiosk.core.chart_kinds import layout_chart
from kiosk.core.chart_layout import _bar_lengths, line_range
from kiosk.core.content import load_content
from kiosk.core.content.formatting import NumberFormatter
from kiosk.core.content.model import Chart, Dataset


@pytest.fixture(scope="module")
def bundled() -> tuple[Dataset, NumberFormatter]:
    result = load_content(resources.bundled_content_dir())
    assert result.dataset is not None and result.formatter is not None
    return result.dataset, result.formatter


def _chart(dataset: Dataset, chart_id: str) -> Chart:
    return next(c for p in dataset.pages for c in p.charts if c.id == chart_id)


def test_ranked_bars_keep_order_and_scale(bundled: tuple[Dataset, NumberFormatter]) -> None:
    dataset, fmt = bundled
    layout = layout_chart(_chart(dataset, "incubation-base"), dataset, fmt, "zh")
    assert [r.label for r in layout.rows] == ["落地产品", "项目", "入驻企业"]
    assert [round(r.length, 3) for r in layout.rows] == [1.0, round(168 / 558, 3), round(108 / 558, 3)]
    assert [r.value_text(fmt, "zh", 1.0) for r in layout.rows] == ["558种", "168个", "108家"]


def test_log_scale_keeps_small_figures_visible(bundled: tuple[Dataset, NumberFormatter]) -> None:
    dataset, fmt = bundled
    rows = layout_chart(_chart(dataset, "innovation-matrix"), dataset, fmt, "en").rows
    assert rows[0].length == 1.0
    assert 0.25 < rows[-1].length < rows[-2].length  # 30 academicians vs 150,000 talents: still a bar
    assert [r.value_text(fmt, "en", 1.0) for r in rows] == ["150,000", "more than 200", "168", "100", "30"]


def test_before_after_keeps_under_and_periods(bundled: tuple[Dataset, NumberFormatter]) -> None:
    dataset, fmt = bundled
    rows = layout_chart(_chart(dataset, "green-coverage"), dataset, fmt, "zh").rows
    assert [r.label for r in rows] == ["城市绿化率 · 最初", "城市绿化率 · 2023年"]
    assert [r.value_text(fmt, "zh", 1.0) for r in rows] == ["不足5%", "36%"]
    assert rows[0].value_text(fmt, "zh", 0.5).startswith("不足")  # the qualifier stays during the count-up
    growth = layout_chart(_chart(dataset, "incubation-growth"), dataset, fmt, "en").rows
    assert [r.label for r in growth] == ["industrial output · first half of 2023", "fixed-asset investment · first half of 2023"]
    assert [r.value_text(fmt, "en", 1.0) for r in growth] == ["+88%", "+67%"]


# --- whatever gets past the loader, a bar stays inside its chart ----------------------------------

any_value = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -0.0, 1e-320, 5e-324, 1e308, -1e308, 0.1, 0.001, 0.0001]),
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(values=st.lists(any_value, min_size=1, max_size=12), log=st.booleans())
def test_bar_lengths_never_divide_by_zero_nor_leave_the_chart(values: list[float], log: bool) -> None:
    lengths = _bar_lengths(values, log)
    assert len(lengths) == len(values)
    assert all(0.0 <= length <= 1.0 for length in lengths), lengths


@settings(max_examples=300, deadline=None, derandomize=True)
@given(values=st.lists(any_value, max_size=30))
def test_a_line_range_is_always_a_range(values: list[float]) -> None:
    low, high = line_range(values)
    assert math.isfinite(low) and math.isfinite(high) and low < high
    finite = [v for v in values if math.isfinite(v)]
    assert low <= min([0.0, *finite]) and high >= max([0.0, *finite])


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([0.1, 0.05], [1.0, 0.77]),  # was ZeroDivisionError: log10(0.1 * 10) is 0
        ([0.001, 0.0001], [1.0, 0.5]),  # was 1.0 and 1.5: inverted bars past the chart's edge
        ([150_000, 30], [1.0, 0.4]),  # figures of 1 and more keep the lengths they always had
        ([5.0, 5.0], [1.0, 1.0]),
    ],
)
def test_log_bars_of_small_figures_grow_the_right_way(values: list[float], expected: list[float]) -> None:
    assert [round(length, 2) for length in _bar_lengths(values, log=True)] == expected


def test_a_series_below_zero_has_room_below_zero() -> None:
    assert line_range([-5.0, 10.0]) == (-6.5, 13.75)
    assert line_range([3.0, 4.0]) == (0.0, 5.0)  # as before: from zero to a quarter above the top
    assert line_range([0.0, 0.0]) == (0.0, 1.0)
