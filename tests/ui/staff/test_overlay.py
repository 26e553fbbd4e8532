"""The overlay promises a dimmed layer over the whole window holding a card: opening covers the window
and says so, it closes itself when left alone, any touch or key on it keeps it open, and closing says
so once."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QColor, QMouseEvent
from PySide6.QtWidgets import QApplication, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from kiosk.ui.staff.overlay import Overlay


def _overlay(qtbot: QtBot, idle_close_ms: int = 60_000) -> tuple[QWidget, Overlay, QPushButton]:
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(800, 600)
    overlay = Overlay(window, idle_close_ms)
    button = QPushButton("Reload", overlay.card)
    QVBoxLayout(overlay.card).addWidget(button)
    return window, overlay, button


def _press(widget: QWidget) -> None:
    at = QPointF(5, 5)
    event = QMouseEvent(QEvent.Type.MouseButtonPress, at, widget.mapToGlobal(at), Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton,
                        Qt.KeyboardModifier.NoModifier)  # fmt: skip
    QApplication.sendEvent(widget, event)


def test_it_starts_closed_and_opening_covers_the_window(qtbot: QtBot) -> None:
    window, overlay, _ = _overlay(qtbot)
    assert overlay.isHidden() and not overlay.is_open
    with qtbot.waitSignal(overlay.visibility_changed) as opened:
        overlay.open_overlay()
    assert opened.args == [True]
    assert overlay.is_open and overlay.isVisibleTo(window)
    assert overlay.geometry() == window.rect()
    assert overlay.idle_timer.isActive()
    overlay.close_overlay()


def test_left_alone_it_closes_itself(qtbot: QtBot) -> None:
    _window, overlay, _ = _overlay(qtbot, idle_close_ms=30)
    overlay.open_overlay()
    with qtbot.waitSignal(overlay.visibility_changed) as closed:
        pass
    assert closed.args == [False]
    assert overlay.isHidden() and not overlay.is_open


def test_a_touch_on_the_card_or_the_dimmed_layer_keeps_it_open(qtbot: QtBot) -> None:
    _window, overlay, button = _overlay(qtbot)
    overlay.open_overlay()
    for touched in (button, overlay):
        overlay.idle_timer.stop()  # as if the wait were nearly over
        _press(touched)
        assert overlay.idle_timer.isActive(), touched
    overlay.close_overlay()


def test_closing_says_so_once_and_stops_waiting(qtbot: QtBot) -> None:
    _window, overlay, _ = _overlay(qtbot)
    overlay.open_overlay()
    heard: list[bool] = []
    overlay.visibility_changed.connect(heard.append)
    overlay.close_overlay()
    overlay.close_overlay()
    assert heard == [False]
    assert not overlay.idle_timer.isActive()


def test_the_layer_dims_what_lies_under_it(qtbot: QtBot) -> None:
    _window, overlay, _ = _overlay(qtbot)
    overlay.open_overlay()
    corner = QColor(overlay.grab().toImage().pixel(2, 2))
    assert max(corner.red(), corner.green(), corner.blue()) < 60  # near the dark shade over whatever was there
    overlay.close_overlay()
