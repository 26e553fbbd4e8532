"""The hidden way in for staff: a long press (3 s) in the window's top-left corner, or Ctrl+Alt+S.
Fed every input event of the window by the session, before it counts visitors."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QInputEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QWidget

CORNER_PX = 140  # at 1080p: the staff corner, top left
LONG_PRESS_MS = 3000
PRESS = (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin)
RELEASE = (QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd, QEvent.Type.TouchCancel)


def is_staff_keys(event: QInputEvent) -> bool:
    if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
        return False
    mods = event.modifiers()
    return event.key() == Qt.Key.Key_S and bool(mods & Qt.KeyboardModifier.ControlModifier) and bool(mods & Qt.KeyboardModifier.AltModifier)


class StaffGesture(QObject):
    requested = Signal()

    def __init__(self, window: QWidget, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._window = window
        self.pressed_in_corner = False  # the last press began the gesture: not a visitor's touch
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(LONG_PRESS_MS)
        self._timer.timeout.connect(self.requested)

    def _in_corner(self, event: QMouseEvent) -> bool:
        window = self._window
        pos: QPoint = window.mapFromGlobal(event.globalPosition().toPoint())
        scale = window.height() / 1080 if window.height() else 1.0
        return pos.x() <= CORNER_PX * scale and pos.y() <= CORNER_PX * scale

    def feed(self, event: QInputEvent) -> bool:
        """Follow the gesture; True when `event` was the staff keys (used up: nothing else sees them)."""
        if is_staff_keys(event):
            self.requested.emit()
            return True
        kind = event.type()
        self.pressed_in_corner = False
        if kind in PRESS and isinstance(event, QMouseEvent):
            self.pressed_in_corner = self._in_corner(event)
            if self.pressed_in_corner:
                self._timer.start()
        elif kind in RELEASE or (kind == QEvent.Type.MouseMove and isinstance(event, QMouseEvent) and not self._in_corner(event)):
            self._timer.stop()
        return False

    def stop(self) -> None:
        self._timer.stop()
