"""A panel's sections out of sight promise: words set there and back (the window drawn ahead in the
other language) leave them as they were; idle time makes each ready in the visitor's language, at the
size of the section on show and fitted to it, so the tap that shows it sets no style sheet; one that
cannot be made ready is tried once per change, not in every idle moment (kiosk.ui.views.unseen_sections)."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.ui.language import LanguageController
from kiosk.ui.live import LiveSettings
from kiosk.ui.views.page_panel import PagePanel
from tests.ui.views.test_page_panel import INDUSTRY, _panel
from tests.ui.widgets.conftest import EventCount, dataset


def test_words_set_there_and_back_leave_a_section_out_of_sight_as_it_was(
    qtbot: QtBot, language: LanguageController, settings: LiveSettings
) -> None:
    """The window drawn ahead in the other language tells the panel that language and then its own
    back: a section out of sight is neither set nor fitted again, and the tap that shows it sets no
    style sheet."""
    page = dataset().pages[INDUSTRY]
    panel = _shown(qtbot, _panel(qtbot, language, settings))
    assert panel.unseen.prepare() and _all_prepared(panel)
    label = panel.highlight_labels[0]
    section = panel.stack.widget(1)
    assert section.isAncestorOf(label) and not section.isVisible() and panel.unseen.ready()
    panel.retranslate_sections("zh")
    assert label.text() == page.highlights[0].in_language("en")  # not set to the other words
    panel.retranslate_sections("en")
    assert panel.unseen.prepare() is False or _all_prepared(panel)  # nothing changed: nothing set, nothing fitted
    restyled = EventCount(section, QEvent.Type.StyleChange)
    panel.show_section(1)
    QApplication.processEvents()
    assert restyled.count == 0 and label.text() == page.highlights[0].in_language("en")


def test_sections_out_of_sight_are_made_ready_in_the_new_language_before_they_are_shown(
    qtbot: QtBot, language: LanguageController, settings: LiveSettings
) -> None:
    page = dataset().pages[INDUSTRY]
    panel = _shown(qtbot, _panel(qtbot, language, settings))
    _all_prepared(panel)
    language.set_language("zh")
    panel.retranslate_sections("zh")
    assert not panel.unseen.ready()  # their words wait
    _all_prepared(panel)
    section = panel.stack.widget(1)
    assert panel.highlight_labels[0].text() == page.highlights[0].in_language("zh") and not section.isVisible()
    restyled = EventCount(section, QEvent.Type.StyleChange)
    panel.show_section(1)
    QApplication.processEvents()
    assert restyled.count == 0  # fitted to the new words before it showed


def test_a_section_that_cannot_be_made_ready_is_tried_once_not_in_every_idle_moment(
    qtbot: QtBot, language: LanguageController, settings: LiveSettings
) -> None:
    panel = _shown(qtbot, _panel(qtbot, language, settings))
    _all_prepared(panel)
    section = panel.stack.widget(1)
    section.setMinimumHeight(panel.stack.height() + 200)  # its size held: never the stack's
    section.resize(section.width(), section.height() + 1)
    assert not panel.unseen.ready()
    assert panel.unseen.prepare() and section.height() != panel.stack.height()
    assert panel.unseen.prepare() is False and panel.unseen.ready()  # idle time stops asking
    language.set_language("zh")
    panel.retranslate_sections("zh")  # new words: tried again
    assert panel.unseen.prepare()


def _shown(qtbot: QtBot, panel: PagePanel) -> PagePanel:
    panel.resize(900, 760)
    panel.show()
    qtbot.waitExposed(panel)
    QApplication.processEvents()
    return panel


def _all_prepared(panel: PagePanel) -> bool:
    """Every read section out of sight made ready, one a call, as idle time does it."""
    for _ in range(panel.count):
        if not panel.unseen.prepare():
            break
    assert panel.unseen.ready()
    return True
