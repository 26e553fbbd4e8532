"""The pictures of the staff's visitor insight (kiosk/ui/charts/insight_charts.py, heat_map.py): labels
that stay under their own column and inside the chart, charts painted in the theme's colours, and a
touch heat map whose miniature keeps the shape of the screen."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.ui.charts.insight_charts import Bar, LanguageSplit, PageBars, VisitColumns, label_boxes
from kiosk.ui.theme import THEMES, Palette


def _render(widget: QWidget, width: int, height: int) -> QImage:
    widget.resize(width, height)
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#000000"))
    widget.render(image)
    return image


def _colours(image: QImage) -> set[str]:
    return {image.pixelColor(x, y).name().upper() for x in range(0, image.width(), 2) for y in range(0, image.height(), 2)}


@pytest.mark.parametrize("at_edges", [False, True])
def test_column_labels_stay_under_their_column_inside_the_chart_and_apart(at_edges: bool) -> None:
    days = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
    width = 700.0
    boxes = label_boxes(days, [60.0] * 7, width, at_edges)
    assert [i for i, _ in boxes] == list(range(7))  # every day is labelled
    slot = width / 7
    for i, (left, right) in boxes:
        assert 0 <= left < right <= width
        if not at_edges:
            assert i * slot <= left and right <= (i + 1) * slot  # a day's name sits under that day
    assert all(boxes[n][1][1] <= boxes[n + 1][1][0] for n in range(6))  # no two overlap


def test_hour_labels_mark_where_their_hour_begins_and_the_first_is_whole() -> None:
    hours = [f"{h}:00" if h % 3 == 0 else "" for h in range(24)]
    width = 480.0  # 20 px an hour: each label has three hours of room
    boxes = dict(label_boxes(hours, [50.0 if h else 0.0 for h in hours], width, at_edges=True))
    assert sorted(boxes) == list(range(0, 24, 3))
    assert boxes[0] == (0.0, 50.0)  # 0:00 starts at the chart's edge, not cut in half by it
    assert boxes[9] == (9 * 20 - 25, 9 * 20 + 25)  # centred on where 9:00 begins
    narrow = dict(label_boxes(hours, [80.0 if h else 0.0 for h in hours], 240.0, at_edges=True))
    assert all(right - left <= 30.0 for left, right in narrow.values())  # squeezed to its room (and elided)


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_charts_are_painted_in_the_themes_colours(qapp: QApplication, theme: str) -> None:
    colours: Palette = THEMES[theme]
    bars = PageBars(colours)
    bars.set_bars(
        [Bar("Overview", 245, "4 min 05 s"), Bar("Stronger Industry", 92, "1 min 32 s")], [colours.accents[0], colours.accents[1]]
    )
    painted = _colours(_render(bars, 600, 120))
    assert {colours.accents[0].upper(), colours.accents[1].upper()} <= painted
    columns = VisitColumns(colours)
    columns.set_columns([0, 3, 1], ["Mon", "Tue", "Wed"], ["0", "3", "1"])
    painted = _colours(_render(columns, 300, 160))
    assert colours.gold.upper() in painted  # the busiest day
    assert colours.accents[2].upper() in painted  # the others
    split = LanguageSplit(colours)
    split.set_parts([Bar("中文", 3, "75%"), Bar("English", 1, "25%")])
    painted = _colours(_render(split, 400, 80))
    assert {colours.accents[2].upper(), colours.accents[5].upper()} <= painted
    split.set_colours(THEMES["high_contrast" if theme == "standard" else "standard"])  # the theme changes
    other = split.colours
    assert other.accents[2].upper() in _colours(_render(split, 400, 80))


def test_charts_without_visits_say_so_instead_of_drawing_nothing(qapp: QApplication) -> None:
    colours = THEMES["standard"]
    for chart in (PageBars(colours), VisitColumns(colours), LanguageSplit(colours)):
        chart.empty_text = "No visits yet"
        image = _render(chart, 400, 80)
        assert len(_colours(image)) > 2  # anti-aliased text, not an empty rectangle


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1080, 1920)])
def test_the_heat_map_keeps_the_shape_of_the_screen(qapp: QApplication, width: int, height: int) -> None:
    from kiosk.ui.charts.heat_map import HeatMap

    heat = HeatMap(THEMES["standard"])
    screen = QImage(width // 4, height // 4, QImage.Format.Format_RGB32)
    screen.fill(QColor("#808080"))
    heat.set_screen(screen)
    heat.set_counts([[1] * 32 for _ in range(18)])
    w, h = heat.extent
    assert w / h == pytest.approx(width / height)
    for item in (heat.screen_item, heat.heat_item):  # the grid covers the miniature exactly
        rect = item.mapRectToParent(item.boundingRect())
        assert (rect.width(), rect.height()) == pytest.approx((w, h))
    heat.deleteLater()
