"""Touches as a finger makes them, for tests: presses, moves and releases sent to the widget under the point."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget


def mouse(widget: QWidget, kind: QEvent.Type, pos: QPoint, buttons: Qt.MouseButton) -> None:
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
    event = QMouseEvent(kind, QPointF(pos), QPointF(widget.mapToGlobal(pos)), button, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)


def drag(window: QWidget, start: QPoint, end: QPoint, steps: int = 8) -> None:
    """A finger-like drag delivered to whatever widget is under the start point."""
    target = window.childAt(start) or window
    local = target.mapFrom(window, start)
    mouse(target, QEvent.Type.MouseButtonPress, local, Qt.MouseButton.LeftButton)
    for i in range(1, steps + 1):
        p = start + (end - start) * i / steps
        mouse(target, QEvent.Type.MouseMove, target.mapFrom(window, p), Qt.MouseButton.LeftButton)
    mouse(target, QEvent.Type.MouseButtonRelease, target.mapFrom(window, end), Qt.MouseButton.NoButton)
