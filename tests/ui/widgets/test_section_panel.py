"""The section panel promises one section at a time, chosen on a row of segments that shows only when
there is more than one; the lit segment and `section_changed` follow the section on show; a swipe
steps round; reach mode puts the segments below; and a panel with nothing to show hides itself once it
is placed in a page, and comes back when a section arrives, ignoring requests for sections it lacks."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget
from pytestqt.qtbot import QtBot

from kiosk.ui.widgets.section_panel import SectionPanel


@pytest.fixture
def page(qtbot: QtBot) -> QWidget:
    """A page to place panels in (not shown yet, as a page view places its panel while it is built)."""
    widget = QWidget()
    qtbot.addWidget(widget)
    QHBoxLayout(widget)
    return widget


def _panel(page: QWidget, sections: int) -> SectionPanel:
    panel = SectionPanel("#4FC3F7")
    for i in range(sections):
        panel.set_title(panel.add_section(QLabel(f"section {i}")), f"Title {i}")
    page.layout().addWidget(panel)
    return panel


def test_segments_show_only_with_more_than_one_section_and_the_first_is_lit(qtbot: QtBot, page: QWidget) -> None:
    alone, three = _panel(page, 1), _panel(page, 3)
    page.show()
    assert alone.isVisible() and three.isVisible()
    assert alone._bar.isHidden() and three._bar.isVisible()
    assert [s.isChecked() for s in three.segments] == [True, False, False]
    assert (three.count, three.current, three.heading) == (3, 0, "Title 0")


def test_a_tap_on_a_segment_shows_its_section_and_says_so(qtbot: QtBot, page: QWidget) -> None:
    panel = _panel(page, 3)
    with qtbot.waitSignal(panel.section_changed) as changed:
        panel.segments[2].click()
    assert changed.args == [2]
    assert panel.current == 2 and panel.stack.currentWidget().text() == "section 2"  # type: ignore[attr-defined]
    assert panel.heading == "Title 2" and [s.isChecked() for s in panel.segments] == [False, False, True]


def test_a_swipe_steps_to_the_next_or_previous_section_wrapping_round(qtbot: QtBot, page: QWidget) -> None:
    panel = _panel(page, 3)
    panel.step(-1)
    assert panel.current == 2
    panel.step(1)
    assert panel.current == 0
    panel.step(2)
    assert panel.current == 2 and panel.segments[2].isChecked()


def test_a_section_that_is_not_there_is_not_shown_nor_announced(qtbot: QtBot, page: QWidget) -> None:
    panel = _panel(page, 2)
    with qtbot.assertNotEmitted(panel.section_changed):
        panel.show_section(2)
        panel.show_section(-1)
    assert panel.current == 0
    empty = _panel(page, 0)
    with qtbot.assertNotEmitted(empty.section_changed):
        empty.show_section(-1)  # a rebuild used to ask an empty panel for this
        empty.step(1)
    assert empty.heading == ""


def test_an_empty_panel_hides_once_placed_and_shows_again_with_a_section(qtbot: QtBot, page: QWidget) -> None:
    panel = _panel(page, 0)
    page.show()
    assert panel.isHidden()
    panel.add_section(QLabel("late"))
    assert panel.isVisible() and not panel.isWindow()


def test_an_empty_panel_placed_in_a_page_already_shown_hides_too(qtbot: QtBot, page: QWidget) -> None:
    page.show()
    panel = _panel(page, 0)
    qtbot.wait(20)  # the layout's queued show of the new child
    assert panel.isHidden()


def test_reach_mode_puts_the_segments_below_the_section_and_back(qtbot: QtBot, page: QWidget) -> None:
    panel = _panel(page, 2)
    layout = panel.layout()
    assert layout.indexOf(panel._bar) == 0
    panel.set_reach(True)
    panel.set_reach(True)  # twice changes nothing
    assert (layout.indexOf(panel._bar), layout.indexOf(panel.stack)) == (1, 0)
    panel.set_reach(False)
    assert (layout.indexOf(panel._bar), layout.indexOf(panel.stack)) == (0, 1)
