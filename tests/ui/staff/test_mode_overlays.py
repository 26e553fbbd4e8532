"""What the guided and maintenance modes add on screen: guided mode, large back and next buttons at the
window's edges that step the pages; maintenance mode, diagnostics in the top right corner (version,
uptime, memory, frame rate, the kiosk's status and its three latest errors), kept fresh while shown and
not a moment longer, and never in the way of a touch (kiosk.ui.staff.mode_overlays)."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk import __version__
from kiosk.core.health import Health
from kiosk.ui.staff.mode_overlays import GuidedControls, MaintenanceInfo


def _window(qtbot: QtBot, width: int = 1920, height: int = 1080) -> QWidget:
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_guided_buttons_wait_hidden_until_the_mode_shows_them(qtbot: QtBot) -> None:
    window = _window(qtbot)
    controls = GuidedControls(window, lambda _: None)
    assert [b.text() for b in controls.buttons] == ["‹", "›"]
    assert all(b.isHidden() for b in controls.buttons)
    controls.set_visible(True)
    assert all(b.isVisible() for b in controls.buttons)
    controls.set_visible(False)
    assert all(b.isHidden() for b in controls.buttons)


@pytest.mark.parametrize(("width", "height", "size"), [(1920, 1080, 119), (1080, 1920, 211), (800, 480, 96)])
def test_guided_buttons_sit_at_the_edges_halfway_down_and_never_too_small_to_hit(qtbot: QtBot, width: int, height: int, size: int) -> None:
    window = _window(qtbot, width, height)
    controls = GuidedControls(window, lambda _: None)
    controls.set_visible(True)
    back, forward = (b.geometry() for b in controls.buttons)
    assert back.getRect() == (12, (height - size) // 2, size, size)
    assert forward.getRect() == (width - size - 12, (height - size) // 2, size, size)
    window.resize(height, width)  # the screen turned: placed anew when asked
    controls.place()
    assert controls.buttons[1].geometry().right() == height - 12 - 1


def test_guided_buttons_step_back_and_forward(qtbot: QtBot) -> None:
    window = _window(qtbot)
    steps: list[int] = []
    controls = GuidedControls(window, steps.append)
    controls.set_visible(True)
    back, forward = controls.buttons
    qtbot.mouseClick(forward, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(forward, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(back, Qt.MouseButton.LeftButton)
    assert steps == [1, 1, -1]


class Clock:
    def __init__(self) -> None:
        self.now = 500.0

    def __call__(self) -> float:
        return self.now


def _info(qtbot: QtBot, status: list[str], health: Health) -> tuple[QWidget, MaintenanceInfo]:
    window = _window(qtbot)
    info = MaintenanceInfo(window, lambda: list(status), lambda: 58, health)
    return window, info


def test_maintenance_info_shows_what_staff_need_in_the_top_right_corner(qtbot: QtBot, caplog: pytest.LogCaptureFixture) -> None:
    clock = Clock()
    health = Health(clock)
    logger = logging.getLogger("tests.maintenance")
    health.install(logger)
    try:
        for n in range(1, 5):
            logger.error("error %d", n)
    finally:
        health.uninstall()
    clock.now += 3725  # 1 h 2 min 5 s
    window, info = _info(qtbot, ["content: bundled", "", "photos: 13"], health)
    assert info.isHidden()
    info.set_visible(True)
    try:
        lines = info.text_label.text().split("\n")
        assert lines[0].startswith(f"MAINTENANCE · v{__version__} · up 1h 02m 05s · ") and lines[0].endswith(" MB · 58 fps")
        assert lines[1:] == ["content: bundled", "photos: 13", "ERROR: error 2", "ERROR: error 3", "ERROR: error 4"]  # no empty line
        assert info.geometry().topRight().x() == window.width() - 24 - 1 and info.y() == 24
        assert info.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)  # a touch goes to the page under it
    finally:
        info.set_visible(False)


def test_maintenance_info_is_refreshed_only_while_shown(qtbot: QtBot) -> None:
    status = ["content: bundled"]
    _, info = _info(qtbot, status, Health())
    info.set_visible(True)
    assert info.timer.isActive() and info.timer.interval() == 2000
    status[0] = "content: from USB"
    info.timer.timeout.emit()  # what the timer does every two seconds
    assert "content: from USB" in info.text_label.text()
    info.set_visible(False)
    assert info.isHidden() and not info.timer.isActive()
