"""A chart's two graphics items repaint only what a frame changes: a bar that grows marks the strip it
grew by (and nothing when it did not grow), a text marks nothing when it is set to what it already says;
the bar draws its track across the whole row and itself over it from the left; a text stays in screen
pixels whatever the plot's scale, its box anchored to its position by the corner it is told
(kiosk.ui.charts.chart_items)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QObject, QPointF, QRectF
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter
from PySide6.QtWidgets import QApplication, QGraphicsScene, QGraphicsView
from pytestqt.qtbot import QtBot

from kiosk.qa.drive import settle
from kiosk.ui.charts.chart_items import Bar, BarRows, PlainText

TRACK, FILL, INK = QColor("#404040"), QColor("#E03020"), QColor("#2060F0")
SIDE = 400  # the plot's 0..1 is this many pixels


class Painted(QObject):
    """The parts of a view's scene that were repainted, in scene coordinates."""

    def __init__(self, view: QGraphicsView) -> None:
        super().__init__(view)
        self.view = view
        self.rects: list[QRectF] = []
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint:
            self.rects.append(self.view.mapToScene(event.region().boundingRect()).boundingRect())  # type: ignore[attr-defined]
        return False


@pytest.fixture
def view(qtbot: QtBot) -> Iterator[QGraphicsView]:
    scene = QGraphicsScene(QRectF(0, 0, SIDE, SIDE / 2))
    shown = QGraphicsView(scene)
    scene.setParent(shown)
    qtbot.addWidget(shown)
    shown.resize(SIDE + 40, SIDE // 2 + 40)
    shown.show()
    qtbot.waitExposed(shown)
    yield shown


def _settle() -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    settle(app)


def _bar_in(view: QGraphicsView) -> tuple[Bar, Painted]:
    bar = Bar(TRACK, FILL)
    bar.setScale(SIDE)
    view.scene().addItem(bar)
    painted = Painted(view)
    _settle()
    bar.set_row(0.1, 0.2)
    _settle()
    painted.rects.clear()
    return bar, painted


def test_a_bar_that_grows_repaints_only_the_strip_it_grew_by(view: QGraphicsView) -> None:
    bar, painted = _bar_in(view)
    bar.set_width(0.5)
    _settle()
    assert painted.rects, "the growth was not drawn"
    for rect in painted.rects:  # Qt adds a couple of pixels of margin around what was marked
        assert rect.left() >= -3 and rect.right() <= 0.5 * SIDE + 3, rect
        assert rect.top() >= 0.1 * SIDE - 3 and rect.bottom() <= 0.3 * SIDE + 3, rect
    painted.rects.clear()
    bar.set_width(0.75)
    _settle()
    assert painted.rects and all(r.left() >= 0.5 * SIDE - 3 and r.right() <= 0.75 * SIDE + 3 for r in painted.rects), painted.rects
    assert bar.width == 0.75


def test_a_bar_that_stays_as_it_is_repaints_nothing(view: QGraphicsView) -> None:
    bar, painted = _bar_in(view)
    bar.set_width(0.4)
    _settle()
    painted.rects.clear()
    bar.set_width(0.4)
    _settle()
    assert painted.rects == []


def test_a_bar_draws_its_track_across_the_row_and_itself_from_the_left(qapp: QApplication) -> None:
    bar = Bar(TRACK, FILL)
    bar.set_row(0.25, 0.5)
    bar.set_width(0.3)
    assert bar.boundingRect() == QRectF(0.0, 0.25, 1.0, 0.5)
    image = QImage(100, 100, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.scale(100, 100)
    bar.paint(painter, None)  # type: ignore[arg-type]  # the item does not look at the style option
    painter.end()
    assert QColor(image.pixel(10, 50)) == FILL and QColor(image.pixel(50, 50)) == TRACK and QColor(image.pixel(95, 50)) == TRACK
    assert QColor(image.pixel(10, 10)) == QColor("white") and QColor(image.pixel(10, 90)) == QColor("white")  # only its row


def test_rows_are_laid_out_and_grown_together_one_item_each(qapp: QApplication) -> None:
    rows = BarRows(3, TRACK, FILL)
    assert len({id(item) for item in rows.items}) == 3
    rows.set_rows([0.0, 1.0, 2.0], 0.4)
    assert [item.boundingRect().top() for item in rows.items] == [0.0, 1.0, 2.0]
    rows.set_widths([0.2, 0.6, 1.0])
    assert rows.widths == [0.2, 0.6, 1.0]
    with pytest.raises(ValueError):  # one width a row, never silently fewer
        rows.set_widths([0.5, 0.5])


@pytest.mark.parametrize(("anchor", "left_of_pos"), [((0.0, 1.0), 0.0), ((1.0, 1.0), 1.0), ((0.5, 0.0), 0.5)])
def test_a_text_box_is_anchored_to_its_position_by_the_corner_it_is_told(
    qapp: QApplication, anchor: tuple[float, float], left_of_pos: float
) -> None:
    text = PlainText(INK, anchor)
    font = QFont()
    font.setPixelSize(30)
    text.set_font(font)
    text.set_text("1,234 tonnes")
    metrics = QFontMetricsF(font)
    width, height = metrics.horizontalAdvance("1,234 tonnes"), float(round(metrics.height() + 0.4999))
    box = text.boundingRect()
    assert box.width() == pytest.approx(width) and box.height() == pytest.approx(height, abs=1)
    assert box.left() == pytest.approx(-width * left_of_pos)
    assert box.top() == pytest.approx(-box.height() * anchor[1])
    assert text.text() == "1,234 tonnes" and text.font().pixelSize() == 30


def test_a_text_stays_in_screen_pixels_and_repaints_only_when_it_changes(view: QGraphicsView) -> None:
    view.scale(3, 3)  # as the plot stretches 0..1 over the chart
    text = PlainText(INK, (0, 1))
    view.scene().addItem(text)
    text.setPos(200, 100)
    view.centerOn(200, 100)
    text.set_text("36%")
    painted = Painted(view)
    _settle()
    assert text.deviceTransform(view.viewportTransform()).m11() == 1.0
    painted.rects.clear()
    text.set_text("36%")
    text.set_font(text.font())
    copy = text.font()
    copy.setPixelSize(99)  # a copy: the item's own font does not change under it
    _settle()
    assert painted.rects == [] and text.font().pixelSize() != 99
    text.set_text("37%")
    _settle()
    assert painted.rects != []


def test_a_text_is_drawn_in_its_colour_above_its_baseline(qapp: QApplication) -> None:
    text = PlainText(INK, (0, 1))
    font = QFont()
    font.setPixelSize(40)
    text.set_font(font)
    text.set_text("88")
    image = QImage(200, 100, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.translate(QPointF(10, 80))  # where its position is
    text.paint(painter, None)  # type: ignore[arg-type]
    painter.end()
    inked = [(x, y) for x in range(200) for y in range(100) if QColor(image.pixel(x, y)) == INK]
    assert inked, "nothing drawn"
    assert all(10 <= x <= 10 + text.boundingRect().width() + 1 and y < 80 for x, y in inked)
