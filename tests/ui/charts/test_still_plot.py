"""A still plot is a pyqtgraph view box to look at, not to use: it makes no menu at all (pyqtgraph's
PlotItem makes seven hidden windows that outlive the chart), takes no touch, draws on the colour it is
given, has an axis under it only when asked, and puts what it is given into the view box, in the plot's
coordinates (kiosk.ui.charts.still_plot)."""

from __future__ import annotations

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QColor, QMouseEvent, QPen
from PySide6.QtWidgets import QApplication, QGraphicsRectItem, QMenu, QWidget
from pytestqt.qtbot import QtBot

from kiosk.qa.drive import settle
from kiosk.ui.charts.still_plot import StillPlot


def _plot(qtbot: QtBot, **options: bool) -> StillPlot:
    plot = StillPlot("#123456", **options)
    qtbot.addWidget(plot)
    plot.resize(400, 300)
    return plot


def _menus() -> set[QWidget]:
    return {w for w in QApplication.topLevelWidgets() if isinstance(w, QMenu)}


def test_it_makes_no_menu_window_at_all(qtbot: QtBot) -> None:
    before = _menus()
    plots = [_plot(qtbot), _plot(qtbot, bottom_axis=True)]
    for plot in plots:
        plot.show()
        qtbot.waitExposed(plot)
        assert plot.view_box.menu is None
        assert plot.findChildren(QMenu) == []
    assert _menus() - before == set()


def test_it_takes_no_touch_nor_mouse(qtbot: QtBot) -> None:
    before = _menus()
    plot = _plot(qtbot)
    plot.show()
    qtbot.waitExposed(plot)
    assert plot.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    assert plot.view_box.state["mouseEnabled"] == [False, False]
    ranges = plot.view_box.viewRange()
    at = QPointF(200, 150)
    for kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.MouseButtonRelease):
        QApplication.sendEvent(
            plot.viewport(),
            QMouseEvent(
                kind, at, plot.mapToGlobal(at), Qt.MouseButton.RightButton, Qt.MouseButton.RightButton, Qt.KeyboardModifier.NoModifier
            ),
        )
    assert plot.view_box.viewRange() == ranges  # a right-drag zooms a pyqtgraph plot
    assert QApplication.activePopupWidget() is None and _menus() - before == set()  # a right-click opens its menu


def test_it_draws_on_the_colour_it_is_given(qtbot: QtBot) -> None:
    plot = _plot(qtbot)
    plot.show()
    qtbot.waitExposed(plot)
    assert plot.backgroundBrush().color() == QColor("#123456")
    assert QColor(plot.grab().toImage().pixel(200, 150)) == QColor("#123456")


def test_an_axis_under_the_plot_only_when_asked_and_following_the_view(qtbot: QtBot) -> None:
    assert _plot(qtbot).bottom_axis is None
    plot = _plot(qtbot, bottom_axis=True)
    axis = plot.bottom_axis
    assert isinstance(axis, pg.AxisItem) and axis.orientation == "bottom"
    assert axis.linkedView() is plot.view_box
    plot.view_box.setXRange(2020, 2023, padding=0)
    assert axis.range == [2020, 2023]


def test_items_go_into_the_view_box_in_the_plots_coordinates(qtbot: QtBot) -> None:
    plot = _plot(qtbot)
    plot.show()
    qtbot.waitExposed(plot)
    assert plot.getViewBox() is plot.view_box
    plot.view_box.setRange(xRange=(0, 1), yRange=(0, 1), padding=0)
    item = QGraphicsRectItem(0.0, 0.0, 0.5, 1.0)
    item.setPen(QPen(Qt.PenStyle.NoPen))  # a pen would be a unit of the plot wide
    plot.addItem(item)
    assert item in plot.view_box.addedItems
    settle(QApplication.instance())  # type: ignore[arg-type]
    left_half, whole = item.sceneBoundingRect(), plot.view_box.sceneBoundingRect()
    assert whole.width() > 300
    assert left_half.width() == pytest.approx(whole.width() / 2, abs=0.5) and left_half.left() == pytest.approx(whole.left(), abs=0.5)
