"""A line ending in a folder's path: shortened in its middle to the width it gets (never cut mid-glyph
or broken over lines), the whole path in the tooltip and on a tap."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from kiosk.ui.staff.elided_path import ElidedPath

PATH = "/media/hall/USB-STICK-2026/exhibitions/lanzhou-new-area/content-corrected-final"


def _label(qtbot: QtBot, width: int) -> ElidedPath:
    label = ElidedPath("staff-health")
    qtbot.addWidget(label)
    label.resize(width, 40)
    label.show()
    label.set_path("Content:", PATH)
    return label


def test_a_long_path_keeps_its_start_and_its_end_and_fits(qtbot: QtBot) -> None:
    label = _label(qtbot, 360)
    text = label.text()
    assert text.startswith("Content: /media/") and text.endswith("-final") and "…" in text
    assert label.fontMetrics().horizontalAdvance(text) <= label.contentsRect().width()
    assert "\n" not in text and not label.wordWrap()
    assert label.toolTip() == PATH


def test_a_path_that_fits_is_shown_whole_and_refits_as_the_width_changes(qtbot: QtBot) -> None:
    label = _label(qtbot, 2000)
    assert label.text() == f"Content: {PATH}"
    label.resize(300, 40)
    assert "…" in label.text() and label.fontMetrics().horizontalAdvance(label.text()) <= label.contentsRect().width()


def test_a_tap_shows_the_whole_path_and_the_next_shortens_it_again(qtbot: QtBot) -> None:
    label = _label(qtbot, 300)
    qtbot.mouseClick(label, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert label.whole and label.wordWrap() and label.text().replace("\u200b", "") == f"Content: {PATH}"
    qtbot.mouseClick(label, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert not label.whole and "…" in label.text()
