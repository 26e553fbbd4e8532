"""Chart layout: bars in order and to a linear scale (the only one), ranges that are always ranges,
whatever gets past the loader (kiosk.core.chart_layout, kiosk.core.chart_kinds)."""

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
    layout = layout_chart(_chart(dataset, "target-industries"), dataset, fmt, "zh")
    assert [r.label for r in layout.rows][:4] == ["新能源新材料", "精细化工", "商贸物流", "生物医药"]
    assert [r.length for r in layout.rows] == [1.0, 1.0, 1.0, 0.5, 0.5, 0.5]  # CNY 100bn and 50bn targets, to scale


def test_bars_are_as_long_as_their_figures_however_far_apart() -> None:
    """No log scale: 30 beside 150,000 is a sliver, as it is (such figures belong on tiles)."""
    assert _bar_lengths([150_000, 30]) == [1.0, pytest.approx(30 / 150_000)]
    assert _bar_lengths([0.1, 0.05]) == [1.0, 0.5]
    assert _bar_lengths([0.0, 0.0]) == [0.0, 0.0]


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
@given(values=st.lists(any_value, min_size=1, max_size=12))
def test_bar_lengths_never_divide_by_zero_nor_leave_the_chart(values: list[float]) -> None:
    lengths = _bar_lengths(values)
    assert len(lengths) == len(values)
    assert all(0.0 <= length <= 1.0 for length in lengths), lengths


@settings(max_examples=300, deadline=None, derandomize=True)
@given(values=st.lists(any_value, max_size=30))
def test_a_line_range_is_always_a_range(values: list[float]) -> None:
    low, high = line_range(values)
    assert math.isfinite(low) and math.isfinite(high) and low < high
    finite = [v for v in values if math.isfinite(v)]
    assert low <= min([0.0, *finite]) and high >= max([0.0, *finite])


def test_a_series_below_zero_has_room_below_zero() -> None:
    assert line_range([-5.0, 10.0]) == (-6.5, 13.75)
    assert line_range([3.0, 4.0]) == (0.0, 5.0)  # as before: from zero to a quarter above the top
    assert line_range([0.0, 0.0]) == (0.0, 1.0)
