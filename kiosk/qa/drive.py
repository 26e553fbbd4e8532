"""Driving the real kiosk as a person would, and waiting for it to settle: mouse gestures sent as Qt
events (no QtTest, so the frozen bundle can do it too), and a clock that snapshots and tests advance by
hand."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from PySide6.QtCore import QEvent, QEventLoop, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.core.clocks import Clocks
from kiosk.ui.photos.photo_loader import PhotoLoader


def settle(app: QApplication) -> None:
    for _ in range(3):  # LanguageChange is posted; its retranslation may post layout requests
        app.processEvents()


def wait_for_photos(loader: PhotoLoader, timeout_s: float = 60.0) -> None:
    """Let the photo workers finish what the visible carousels asked for."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    deadline = time.monotonic() + timeout_s
    settle(app)
    while loader.busy and time.monotonic() < deadline:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.005)
    settle(app)


def send_mouse(window: QWidget, kind: QEvent.Type, pos: QPoint, buttons: Qt.MouseButton) -> None:
    target = window.childAt(pos) or window
    local = target.mapFrom(window, pos)
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
    event = QMouseEvent(kind, QPointF(local), QPointF(target.mapToGlobal(local)), button, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, event)


def gesture(window: QWidget, start: QPoint, end: QPoint, steps: int = 6, hold_s: float = 0.0) -> None:
    """Press, move, release, as a finger would (a tap when start == end)."""
    send_mouse(window, QEvent.Type.MouseButtonPress, start, Qt.MouseButton.LeftButton)
    if hold_s:
        time.sleep(hold_s)
    for i in range(1, steps + 1):
        send_mouse(window, QEvent.Type.MouseMove, start + (end - start) * i / steps, Qt.MouseButton.LeftButton)
    send_mouse(window, QEvent.Type.MouseButtonRelease, end, Qt.MouseButton.NoButton)


def tap(window: QWidget, widget: QWidget) -> None:
    """A tap on the middle of `widget`."""
    centre = widget.mapTo(window, widget.rect().center())
    gesture(window, centre, centre, steps=1)


class SimulatedTime:
    """Both of the kiosk's clocks, advanced by hand: simulated visits get lengths, opening hours pass."""

    def __init__(self, start: datetime) -> None:
        self.start = start
        self.seconds = 0.0

    def monotonic(self) -> float:
        return self.seconds

    def wall(self) -> datetime:
        return self.start + timedelta(seconds=self.seconds)

    def clocks(self) -> Clocks:
        return Clocks(self.monotonic, self.wall)
