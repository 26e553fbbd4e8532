"""What the guided and maintenance modes add on screen: guided mode, large back and next buttons at the
window's edges that step the pages; maintenance mode, diagnostics in a bar of their own under the page
(version, running time, memory, the frame count once, the content's folder elided in its middle, what is
wrong and the three latest problems as sentences), kept fresh while shown and not a moment longer, and
covering nothing (kiosk.ui.staff.mode_overlays)."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from kiosk import __version__
from kiosk.core.health import Health, staff_says
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
def test_maintenance_info_says_what_staff_need_in_plain_words_and_the_frame_count_once(qtbot: QtBot) -> None:
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
        assert words.count("58") == 1 and "fps" not in words and "frames" not in words.lower()
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
