"""What the guided and maintenance modes add on screen: guided mode, large back and next buttons at the
window's edges, in room the window keeps for them, that step the pages; maintenance mode, diagnostics in the top right corner (version,
uptime, memory, frame rate, the kiosk's status and its three latest errors), kept fresh while shown and
not a moment longer, and never in the way of a touch (kiosk.ui.staff.mode_overlays)."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import QMargins, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk import __version__
from kiosk.core.health import Health
from kiosk.qa.drive import settle
from kiosk.ui.app import Kiosk
from kiosk.ui.staff.mode_overlays import MaintenanceInfo
from kiosk.ui.theme import palette_for


def _window(qtbot: QtBot, width: int = 1920, height: int = 1080) -> QWidget:
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_guided_buttons_wait_hidden_until_the_mode_shows_them(kiosk: Kiosk) -> None:
    controls = kiosk.staff.guided
    assert [b.text() for b in controls.buttons] == ["‹", "›"]
    assert all(b.isHidden() for b in controls.buttons)
    kiosk.settings.change("mode", "guided", save=False)
    assert all(b.isVisible() for b in controls.buttons)
    kiosk.settings.change("mode", "interactive", save=False)
    assert all(b.isHidden() for b in controls.buttons)
    assert kiosk.window.room() == (QMargins(), QMargins())  # the page and tabs have their room back


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (3840, 2160), (1080, 1920)])
def test_guided_buttons_stand_in_room_of_their_own_and_are_large_enough_to_hit(kiosk: Kiosk, width: int, height: int) -> None:
    """Wide: at the two ends of the tab row, which narrows for them. Tall: in a band under the page."""
    window = kiosk.window
    window.resize(width, height)
    kiosk.settings.change("mode", "guided", save=False)
    settle(kiosk.app)
    scale = min(width, height) / 1080
    back, forward = (b.geometry() for b in kiosk.staff.guided.buttons)
    pages, tabs = window.pages.geometry(), window.tab_bar.geometry()
    assert min(back.width(), back.height(), forward.width(), forward.height()) >= 80 * scale
    for button in (back, forward):
        assert not button.intersects(pages) and not button.intersects(tabs) and window.rect().contains(button)
    if height > width:
        assert back.top() > pages.bottom() and back.bottom() < tabs.top() and back.left() < forward.left()
    else:
        assert back.right() < tabs.left() and forward.left() > tabs.right()
        assert tabs.top() <= back.top() and back.bottom() <= tabs.bottom()


def test_guided_buttons_follow_a_turned_screen(kiosk: Kiosk) -> None:
    kiosk.settings.change("mode", "guided", save=False)
    kiosk.window.resize(1080, 1920)
    settle(kiosk.app)
    pages, tabs = kiosk.window.room()
    assert pages.bottom() == 120 and tabs == QMargins()
    kiosk.window.resize(1920, 1080)
    settle(kiosk.app)
    pages, tabs = kiosk.window.room()
    assert pages == QMargins() and tabs.left() == tabs.right() == 112
    assert kiosk.staff.guided.buttons[1].geometry().right() == 1920 - 12 - 1


@pytest.mark.parametrize("theme", ["standard", "high_contrast"])
def test_guided_buttons_are_drawn_solid_in_the_theme_s_colours(kiosk: Kiosk, theme: str) -> None:
    """Not a translucent navy square in high contrast too: the theme's raised surface, opaque."""
    kiosk.settings.change("theme", theme, save=False)
    kiosk.settings.change("mode", "guided", save=False)
    settle(kiosk.app)
    button = kiosk.staff.guided.buttons[1]
    picture = button.grab().toImage()
    fill = picture.pixelColor(button.width() // 2, button.height() // 6)  # inside the edge, above the sign
    assert fill.name() == palette_for(theme).surface_raised.lower()


def test_guided_buttons_step_back_and_forward(kiosk: Kiosk, qtbot: QtBot) -> None:
    kiosk.settings.change("mode", "guided", save=False)
    settle(kiosk.app)
    back, forward = kiosk.staff.guided.buttons
    qtbot.mouseClick(forward, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(forward, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(back, Qt.MouseButton.LeftButton)
    assert kiosk.navigation.page == 1


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
