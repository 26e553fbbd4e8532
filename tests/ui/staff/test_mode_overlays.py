"""What the guided and maintenance modes add on screen: guided mode, large back and next buttons at the
window's edges, in room the window keeps for them, that step the pages; maintenance mode, diagnostics in a
bar of their own under the page (version, running time, memory, the frame count once, the content's folder
elided in its middle, what is wrong and the three latest problems as sentences), kept fresh while shown and
not a moment longer, and covering nothing (kiosk.ui.staff.mode_overlays)."""

from __future__ import annotations

import logging
import re

import pytest
from PySide6.QtCore import QMargins, Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from kiosk import __version__
from kiosk.core.health import Health, staff_says
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


FOLDER = "/media/hall/USB-STICK-2026/exhibitions/lanzhou-new-area/content-corrected-final"


def _info(
    qtbot: QtBot, essential: list[str], health: Health, width: int = 1920, height: int = 1080
) -> tuple[QWidget, QWidget, MaintenanceInfo]:
    """A window laid out as the kiosk's is (a page that takes the room), with the bar added under it."""
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    page = QWidget(window)
    layout.addWidget(page, 1)
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    info = MaintenanceInfo(
        window, lambda: (list(essential), ["Content checked: no problems"]), lambda: ("Content:", FOLDER), lambda: 58, health
    )
    return window, page, info


def _logged(health: Health, clock: Clock) -> None:
    logger = logging.getLogger("tests.maintenance")
    health.install(logger)
    try:
        for n in range(1, 5):
            logger.error("error %d", n)
        logger.warning("wrong staff PIN (2 tries left)", extra=staff_says("Wrong staff PIN entered ({tries} tries left)", tries=2))
    finally:
        health.uninstall()
    clock.now += 3725  # 1 h 2 min 5 s


@pytest.mark.logs("error", "wrong staff PIN")
def test_maintenance_info_says_what_staff_need_in_plain_words_and_the_frame_count_once(qtbot: QtBot, kiosk: Kiosk) -> None:
    kiosk.language.set_language("en")  # the module's kiosk holds the translators: the words below are its English
    clock = Clock()
    health = Health(clock)
    _logged(health, clock)
    _window, _, info = _info(qtbot, ["Photos that cannot be shown: 13 (lake.jpg)"], health)
    assert info.isHidden()
    info.set_visible(True)
    try:
        summary, problems = info.summary_label.path, info.problems_label.path  # the whole line; shown shortened where it is short
        assert summary.startswith("Maintenance mode · 58 screen updates a second · running for 1 h 2 min · memory ")
        assert summary.endswith(f" MB · version {__version__}")
        words = " ".join([summary, info.content_label.path, problems])
        # Each problem shows the wall-clock time it was logged (12:58 in a run at two minutes to one): not a count.
        counted = re.sub(r"\b\d{1,2}:\d{2}\b", "", words)
        assert len(re.findall(r"\b58\b", counted)) == 1 and "fps" not in words and "frames" not in words.lower()  # 558 MB is no frame count
        assert problems.startswith("Photos that cannot be shown: 13 (lake.jpg)   ·   ")
        # the newest three, as sentences: no log level, no log words in English
        assert problems.count("A problem was written to the log") == 2 and problems.endswith("Wrong staff PIN entered (2 tries left)")
        assert not any(level in problems for level in ("ERROR", "WARNING", "error 4"))
        assert info.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)  # a touch goes to the page
    finally:
        info.set_visible(False)


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (3840, 2160), (1080, 1920)])
def test_maintenance_info_is_a_bar_of_its_own_under_the_page_at_every_size(qtbot: QtBot, width: int, height: int) -> None:
    """The window's layout gives it room: it covers nothing of the page (it was a box over the header)."""
    _window, page, info = _info(qtbot, [], Health(), width, height)
    whole = page.geometry()
    info.set_visible(True)
    try:
        qtbot.waitUntil(lambda: page.geometry() != whole)
        assert not info.geometry().intersects(page.geometry()) and page.height() > 0.85 * height
        assert info.geometry().bottom() == height - 1 and info.width() == width
        lines = 2 if height > width else 1  # the page keeps as much room as it can
        assert info.height() <= lines * (info.summary_label.fontMetrics().height() + 8)
        label = info.content_label
        qtbot.waitUntil(lambda: label.text().startswith("Content: /media/"))  # refitted once laid out
        shown = label.text()
        assert shown.startswith("Content: /media/") and shown.endswith("-final")
        assert label.fontMetrics().horizontalAdvance(shown) <= label.contentsRect().width()  # elided, never cut
        assert label.toolTip() == FOLDER
        assert info.problems_label.path == "Content checked: no problems"  # nothing wrong: says so
        for part in (info.summary_label, info.content_label, info.problems_label):  # shortened, never cut or wrapped
            assert part.fontMetrics().horizontalAdvance(part.text()) <= part.contentsRect().width() and "\n" not in part.text()
    finally:
        info.set_visible(False)
    qtbot.waitUntil(lambda: page.geometry() == whole)  # hidden: the page has the room back


def test_maintenance_info_is_refreshed_only_while_shown(qtbot: QtBot) -> None:
    essential = ["Photos that cannot be shown: 1 (a.jpg)"]
    window, _, info = _info(qtbot, essential, Health())
    info.set_visible(True)
    assert info.timer.isActive() and info.timer.interval() == 2000
    essential[0] = "Photos that cannot be shown: 2 (a.jpg, b.jpg)"
    info.timer.timeout.emit()  # what the timer does every two seconds
    assert "2 (a.jpg, b.jpg)" in info.problems_label.path
    info.set_visible(False)
    assert info.isHidden() and not info.timer.isActive() and info.parentWidget() is window
