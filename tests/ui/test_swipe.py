"""One-finger swipes: a mostly sideways drag of the `swipe_distance` setting (scaled to the screen) inside
the area fires once, in the finger's opposite direction; the release of a swipe is swallowed so nothing
under the finger is pressed; drags that start on a widget owning its own swipes, or outside the area,
are left alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.core.settings import Settings
from kiosk.ui.live import LiveSettings
from kiosk.ui.swipe import SwipeDetector

DISTANCE = 100


class Scene:
    def __init__(self, qtbot: QtBot, tmp_path: Path) -> None:
        self.root = QWidget()
        qtbot.addWidget(self.root)
        self.root.resize(1200, 800)
        self.area = QWidget(self.root)
        self.area.setGeometry(0, 0, 1200, 600)
        self.button = QWidget(self.area)  # any widget inside the area
        self.owner = QWidget(self.area)  # a carousel: follows the finger itself
        self.owner.setProperty("own_swipe", True)
        self.inside_owner = QWidget(self.owner)
        self.outside = QWidget(self.root)  # the tab bar, under the area
        self.outside.setGeometry(0, 600, 1200, 200)
        self.settings = LiveSettings(Settings(tmp_path, {"swipe_distance": DISTANCE}), self.root)
        self.detector = SwipeDetector(self.area, self.settings, self.root)
        self.swipes: list[int] = []
        self.detector.swiped.connect(self.swipes.append)

    def send(self, widget: QWidget, kind: QEvent.Type, x: float, y: float = 300) -> bool:
        button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
        buttons = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseButtonRelease else Qt.MouseButton.LeftButton
        event = QMouseEvent(kind, QPointF(0, 0), QPointF(x, y), button, buttons, Qt.KeyboardModifier.NoModifier)
        return self.detector.eventFilter(widget, event)

    def drag(self, widget: QWidget, start: QPoint, end: QPoint, steps: int = 5) -> bool:
        """A drag as the application delivers it to `widget`; True when its release was swallowed."""
        self.send(widget, QEvent.Type.MouseButtonPress, start.x(), start.y())
        for i in range(1, steps + 1):
            p = QPointF(start) + QPointF(end - start) * i / steps
            self.send(widget, QEvent.Type.MouseMove, p.x(), p.y())
        return self.send(widget, QEvent.Type.MouseButtonRelease, end.x(), end.y())


@pytest.fixture
def scene(qtbot: QtBot, tmp_path: Path) -> Scene:
    return Scene(qtbot, tmp_path)


def test_a_drag_left_goes_to_the_next_page_and_right_to_the_previous(scene: Scene) -> None:
    assert scene.drag(scene.button, QPoint(600, 300), QPoint(600 - 3 * DISTANCE, 300)) is True
    assert scene.drag(scene.area, QPoint(300, 300), QPoint(300 + 3 * DISTANCE, 300)) is True
    assert scene.swipes == [1, -1]  # once each, however long the drag goes on


def test_a_short_or_mostly_vertical_drag_is_a_tap_or_a_scroll(scene: Scene) -> None:
    assert scene.drag(scene.button, QPoint(600, 300), QPoint(600 - DISTANCE + 1, 300)) is False
    assert scene.drag(scene.button, QPoint(600, 100), QPoint(600 - 2 * DISTANCE, 100 + DISTANCE + 1)) is False  # dx not > 2*dy
    assert scene.swipes == []
    assert scene.send(scene.button, QEvent.Type.MouseButtonPress, 600) is False  # a tap's press and release go on
    assert scene.send(scene.button, QEvent.Type.MouseButtonRelease, 600) is False


def test_a_drag_that_starts_on_a_widget_owning_its_swipes_is_left_to_it(scene: Scene) -> None:
    assert scene.drag(scene.owner, QPoint(600, 300), QPoint(100, 300)) is False
    assert scene.drag(scene.inside_owner, QPoint(600, 300), QPoint(100, 300)) is False  # a child of it too
    assert scene.swipes == []


def test_drags_outside_the_area_are_not_swipes(scene: Scene) -> None:
    assert scene.drag(scene.outside, QPoint(600, 700), QPoint(100, 700)) is False
    assert scene.drag(scene.root, QPoint(600, 700), QPoint(100, 700)) is False
    assert scene.swipes == []


def test_the_distance_follows_the_setting_and_the_screens_scale(scene: Scene) -> None:
    detector = scene.detector
    assert detector.distance == DISTANCE
    detector.set_scale(2.0)  # a 4K screen
    assert detector.distance == 2 * DISTANCE
    scene.drag(scene.button, QPoint(900, 300), QPoint(900 - 2 * DISTANCE + 10, 300))
    assert scene.swipes == []  # far enough at 1080p, not at 4K
    scene.settings.change("swipe_distance", 150, save=False)  # staff change it: the scale still applies
    assert detector.distance == 300
    scene.drag(scene.button, QPoint(900, 300), QPoint(900 - 300, 300))
    assert scene.swipes == [1]
