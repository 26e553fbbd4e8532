"""Driving the kiosk as a person would: taps and drags arrive as real Qt mouse events at the widget
under the finger, in that widget's own coordinates; settle and wait_for_photos let posted work and
photo workers finish; SimulatedTime moves both of the kiosk's clocks by hand."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from kiosk.qa.drive import SimulatedTime, gesture, send_mouse, settle, tap, wait_for_photos
from kiosk.ui.photos.photo_loader import PhotoLoader


class Recorder(QWidget):
    """Every mouse event it is sent, as (kind, position in its own coordinates, buttons held)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.events: list[tuple[QEvent.Type, QPoint, bool]] = []

    def event(self, event: QEvent) -> bool:
        if isinstance(event, QMouseEvent):
            held = bool(event.buttons())
            self.events.append((event.type(), event.position().toPoint(), held))
            return True
        return super().event(event)


def _window(qtbot: QtBot) -> tuple[QWidget, Recorder]:
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(400, 300)
    recorder = Recorder(window)
    recorder.setGeometry(100, 50, 200, 200)
    window.show()
    return window, recorder


def test_a_drag_is_a_press_moves_along_the_way_and_a_release_where_it_ends(qtbot: QtBot) -> None:
    window, recorder = _window(qtbot)
    gesture(window, QPoint(110, 60), QPoint(230, 60), steps=4)
    kinds = [kind for kind, _, _ in recorder.events]
    assert kinds == [QEvent.Type.MouseButtonPress, *[QEvent.Type.MouseMove] * 4, QEvent.Type.MouseButtonRelease]
    positions = [pos for _, pos, _ in recorder.events]
    assert positions == [QPoint(10, 10), QPoint(40, 10), QPoint(70, 10), QPoint(100, 10), QPoint(130, 10), QPoint(130, 10)]
    assert [held for _, _, held in recorder.events] == [True, True, True, True, True, False]  # the finger lifts on release


def test_an_event_goes_to_the_widget_under_the_point_or_else_the_window(qtbot: QtBot) -> None:
    window, recorder = _window(qtbot)
    seen: list[QEvent.Type] = []

    class Watch(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
            if watched is window and isinstance(event, QMouseEvent):
                seen.append(event.type())
            return False

    watch = Watch(window)
    window.installEventFilter(watch)
    send_mouse(window, QEvent.Type.MouseButtonPress, QPoint(5, 5), Qt.MouseButton.LeftButton)
    assert seen == [QEvent.Type.MouseButtonPress] and recorder.events == []
    send_mouse(window, QEvent.Type.MouseButtonRelease, QPoint(5, 5), Qt.MouseButton.NoButton)
    send_mouse(window, QEvent.Type.MouseButtonPress, QPoint(299, 249), Qt.MouseButton.LeftButton)
    assert recorder.events == [(QEvent.Type.MouseButtonPress, QPoint(199, 199), True)] and len(seen) == 2


def test_a_tap_clicks_the_button_once(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(400, 300)
    button = QPushButton("Go", window)
    button.setGeometry(250, 200, 100, 60)
    window.show()
    clicks: list[str] = []
    button.clicked.connect(lambda: clicks.append("click"))
    tap(window, button)
    assert clicks == ["click"]


def test_settle_delivers_posted_events_and_the_events_they_post(qapp: QApplication) -> None:
    delivered: list[int] = []

    class Chain(QObject):
        def event(self, event: QEvent) -> bool:
            if event.type() == QEvent.Type.User:
                delivered.append(len(delivered))
                if len(delivered) < 3:  # as a retranslation posts a layout request
                    QCoreApplication.postEvent(self, QEvent(QEvent.Type.User))
                return True
            return super().event(event)

    chain = Chain()
    QCoreApplication.postEvent(chain, QEvent(QEvent.Type.User))
    settle(qapp)
    assert delivered == [0, 1, 2]


def test_waiting_for_photos_returns_once_the_workers_are_done(qapp: QApplication, tmp_path: Path) -> None:
    paths = []
    for i in range(3):
        paths.append(tmp_path / f"{i}.jpg")
        Image.new("RGB", (1600, 1200), (40 * i, 90, 160)).save(paths[-1], "JPEG")
    loader = PhotoLoader(tmp_path / "cache")
    try:
        for path in paths:
            loader.request(path, (320, 180))
        wait_for_photos(loader)
        assert not loader.busy
        assert all(loader.cached(path, (320, 180)) is not None for path in paths)
    finally:
        loader.shutdown()


def test_simulated_time_moves_both_clocks_only_when_told() -> None:
    start = datetime(2026, 5, 1, 9, 0)
    time = SimulatedTime(start)
    clocks = time.clocks()
    assert clocks.monotonic() == 0.0 and clocks.wall() == start
    time.seconds += 90.5
    assert clocks.monotonic() == 90.5
    assert clocks.wall() == start + timedelta(seconds=90.5)
    assert clocks.wall_seconds() == (start + timedelta(seconds=90.5)).timestamp()
