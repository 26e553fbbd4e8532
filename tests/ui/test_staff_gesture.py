"""The hidden way in for staff: Ctrl+Alt+S asks at once and is used up; a press in the window's top-left
corner (scaled with the window's height) starts a three-second wait that a release or a finger sliding out
of the corner cancels; any other touch is a visitor's."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.ui.staff_gesture import CORNER_PX, LONG_PRESS_MS, StaffGesture, is_staff_keys

CTRL, ALT, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ShiftModifier


def _key(key: Qt.Key, mods: Qt.KeyboardModifier, kind: QEvent.Type = QEvent.Type.KeyPress) -> QKeyEvent:
    return QKeyEvent(kind, key, mods)


def _mouse(window: QWidget, kind: QEvent.Type, pos: QPoint) -> QMouseEvent:
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
    buttons = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseButtonRelease else Qt.MouseButton.LeftButton
    return QMouseEvent(kind, QPointF(pos), QPointF(window.mapToGlobal(pos)), button, buttons, Qt.KeyboardModifier.NoModifier)


@pytest.fixture
def window(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.resize(1920, 1080)
    widget.show()
    return widget


@pytest.fixture
def gesture(window: QWidget) -> Iterator[StaffGesture]:
    made = StaffGesture(window, window)
    yield made
    made.stop()


def test_only_ctrl_alt_s_pressed_down_are_the_staff_keys() -> None:
    assert is_staff_keys(_key(Qt.Key.Key_S, CTRL | ALT))
    assert is_staff_keys(_key(Qt.Key.Key_S, CTRL | ALT | SHIFT))
    assert not is_staff_keys(_key(Qt.Key.Key_S, CTRL))
    assert not is_staff_keys(_key(Qt.Key.Key_S, ALT))
    assert not is_staff_keys(_key(Qt.Key.Key_A, CTRL | ALT))
    assert not is_staff_keys(_key(Qt.Key.Key_S, CTRL | ALT, QEvent.Type.KeyRelease))


def test_the_staff_keys_ask_at_once_and_are_used_up(gesture: StaffGesture, qtbot: QtBot) -> None:
    with qtbot.waitSignal(gesture.requested, timeout=1000):
        assert gesture.feed(_key(Qt.Key.Key_S, CTRL | ALT)) is True
    with qtbot.assertNotEmitted(gesture.requested):
        assert gesture.feed(_key(Qt.Key.Key_S, CTRL)) is False  # an ordinary key goes on to the page


def test_a_press_in_the_corner_starts_the_wait_and_the_wait_asks(window: QWidget, gesture: StaffGesture, qtbot: QtBot) -> None:
    assert gesture.feed(_mouse(window, QEvent.Type.MouseButtonPress, QPoint(CORNER_PX, CORNER_PX))) is False
    assert gesture.pressed_in_corner
    assert gesture._timer.isActive() and gesture._timer.interval() == LONG_PRESS_MS
    with qtbot.waitSignal(gesture.requested, timeout=1000):
        gesture._timer.timeout.emit()  # three seconds later, still pressed


def test_a_press_outside_the_corner_is_a_visitors(window: QWidget, gesture: StaffGesture) -> None:
    for pos in (QPoint(CORNER_PX + 1, 10), QPoint(10, CORNER_PX + 1), QPoint(900, 500)):
        gesture.feed(_mouse(window, QEvent.Type.MouseButtonPress, pos))
        assert not gesture.pressed_in_corner and not gesture._timer.isActive()


def test_the_corner_grows_and_shrinks_with_the_window(window: QWidget, gesture: StaffGesture) -> None:
    window.resize(3840, 2160)  # twice the design height: twice the corner
    gesture.feed(_mouse(window, QEvent.Type.MouseButtonPress, QPoint(2 * CORNER_PX - 5, 2 * CORNER_PX - 5)))
    assert gesture.pressed_in_corner and gesture._timer.isActive()
    gesture.stop()
    window.resize(960, 540)  # half: a point inside the design corner is now outside
    gesture.feed(_mouse(window, QEvent.Type.MouseButtonPress, QPoint(CORNER_PX - 5, 10)))
    assert not gesture.pressed_in_corner and not gesture._timer.isActive()


def test_a_release_or_sliding_out_of_the_corner_cancels_the_wait(window: QWidget, gesture: StaffGesture) -> None:
    corner = QPoint(20, 20)
    gesture.feed(_mouse(window, QEvent.Type.MouseButtonPress, corner))
    gesture.feed(_mouse(window, QEvent.Type.MouseMove, corner + QPoint(30, 30)))  # a finger wobbles within the corner
    assert gesture._timer.isActive()
    assert not gesture.pressed_in_corner  # only the press itself is kept from the visitor's count
    gesture.feed(_mouse(window, QEvent.Type.MouseButtonRelease, corner))
    assert not gesture._timer.isActive()
    gesture.feed(_mouse(window, QEvent.Type.MouseButtonPress, corner))
    gesture.feed(_mouse(window, QEvent.Type.MouseMove, QPoint(600, 600)))
    assert not gesture._timer.isActive()
